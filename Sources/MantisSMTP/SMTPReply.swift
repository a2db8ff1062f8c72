/// One reply from the server: a three-digit code and its text lines (one per `250-…` line).
public struct SMTPReply: Sendable, Hashable, CustomStringConvertible {
    public var code: Int
    public var lines: [String]

    public init(code: Int, lines: [String]) {
        self.code = code
        self.lines = lines
    }

    /// The text lines joined by spaces, as errors and reports show it.
    public var message: String { lines.joined(separator: " ") }

    var isPositiveCompletion: Bool { (200...299).contains(code) }
    var isPositiveIntermediate: Bool { (300...399).contains(code) }

    public var description: String { "\(code) \(message)" }
}
