import NIOCore

/// Turns the bytes the server sends into replies, joining `250-…` continuation lines.
/// Kept free of channel plumbing so it can be tested on plain byte strings.
struct SMTPReplyDecoder {
    struct Malformed: Error, Equatable {
        var reason: String
    }

    // RFC 5321 allows 512 bytes a line; be generous but bounded so a hostile server can't
    // make us buffer without end.
    static let maximumLineLength = 4096
    static let maximumLinesPerReply = 512

    private var buffer = ByteBuffer()
    private var partialCode: Int?
    private var partialLines: [String] = []

    /// Bytes received but not yet part of a complete reply. After the `220` to `STARTTLS` there must be
    /// none: anything already there came in cleartext and could have been injected.
    var hasUnprocessedBytes: Bool { buffer.readableBytes > 0 || partialCode != nil }

    mutating func feed(_ bytes: inout ByteBuffer) {
        buffer.writeBuffer(&bytes)
    }

    /// The next complete reply, nil until one has fully arrived.
    mutating func nextReply() throws(Malformed) -> SMTPReply? {
        while let line = try nextLine() {
            let (code, isLast, text) = try Self.parse(line)
            if let partialCode, partialCode != code {
                throw Malformed(reason: "reply lines with different codes (\(partialCode), \(code))")
            }
            partialCode = code
            partialLines.append(text)
            if partialLines.count > Self.maximumLinesPerReply {
                throw Malformed(reason: "reply has more than \(Self.maximumLinesPerReply) lines")
            }
            if isLast {
                let reply = SMTPReply(code: code, lines: partialLines)
                partialCode = nil
                partialLines = []
                buffer.discardReadBytes()
                return reply
            }
        }
        return nil
    }

    private mutating func nextLine() throws(Malformed) -> [UInt8]? {
        let view = buffer.readableBytesView
        guard let newline = view.firstIndex(of: UInt8(ascii: "\n")) else {
            if view.count > Self.maximumLineLength {
                throw Malformed(reason: "reply line longer than \(Self.maximumLineLength) bytes")
            }
            return nil
        }
        var line = Array(view[view.startIndex..<newline])
        buffer.moveReaderIndex(forwardBy: line.count + 1)
        if line.last == UInt8(ascii: "\r") { line.removeLast() }  // Bare LF is tolerated.
        if line.count > Self.maximumLineLength {
            throw Malformed(reason: "reply line longer than \(Self.maximumLineLength) bytes")
        }
        return line
    }

    /// `ddd text`, `ddd-text` (more lines follow) or a bare `ddd`.
    private static func parse(_ line: [UInt8]) throws(Malformed) -> (code: Int, isLast: Bool, text: String) {
        guard line.count >= 3, line[0...2].allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
            (UInt8(ascii: "2")...UInt8(ascii: "5")).contains(line[0])
        else {
            throw Malformed(reason: "not an SMTP reply line: \(String(reflecting: Self.preview(line)))")
        }
        let code = line[0...2].reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        guard line.count > 3 else { return (code, true, "") }
        let separator = line[3]
        guard separator == UInt8(ascii: " ") || separator == UInt8(ascii: "-") else {
            throw Malformed(reason: "not an SMTP reply line: \(String(reflecting: Self.preview(line)))")
        }
        return (code, separator == UInt8(ascii: " "), String(decoding: line[4...], as: UTF8.self))
    }

    private static func preview(_ line: [UInt8]) -> String {
        String(decoding: line.prefix(80), as: UTF8.self)
    }
}
