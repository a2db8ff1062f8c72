/// Prepares message text for `DATA`: every line ending becomes CRLF (a bare LF or CR would be
/// refused by strict servers, and a bare `\n.\n` could end the data early on lax ones), lines that
/// start with `.` get a second one (RFC 5321 §4.5.2), and the `.` line that ends the data is added.
enum SMTPMessageData {
    static func encode(_ text: String) -> [UInt8] {
        let cr = UInt8(ascii: "\r")
        let lf = UInt8(ascii: "\n")
        let dot = UInt8(ascii: ".")
        let input = Array(text.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(input.count + input.count / 40 + 5)
        var atLineStart = true
        var index = 0
        while index < input.count {
            let byte = input[index]
            index += 1
            if byte == cr || byte == lf {
                // CRLF, lone CR and lone LF each count as one line ending.
                if byte == cr, index < input.count, input[index] == lf { index += 1 }
                output.append(cr)
                output.append(lf)
                atLineStart = true
                continue
            }
            if atLineStart, byte == dot { output.append(dot) }
            output.append(byte)
            atLineStart = false
        }
        if !atLineStart { output.append(contentsOf: [cr, lf]) }
        output.append(contentsOf: [dot, cr, lf])
        return output
    }
}
