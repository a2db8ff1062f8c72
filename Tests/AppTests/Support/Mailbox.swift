import Foundation

/// Reads the `.eml` files Mantis's file transport writes.
struct Mailbox: Sendable {
    let directory: String

    func messages() -> [String] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".eml") }.sorted()
        return names.compactMap { try? String(contentsOfFile: (directory as NSString).appendingPathComponent($0), encoding: .utf8) }
    }

    /// Waits (up to 10 s) until `count` messages to `address` with `subject` in their subject have arrived.
    func waitForMessages(to address: String, subjectContaining subject: String, count: Int = 1) async throws -> [String] {
        for _ in 0..<200 {
            let found = messages().filter { $0.contains("To: \(address)\r\n") && headerLine("Subject", in: $0)?.contains(subject) == true }
            if found.count >= count { return found }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TestSetupError.timeout("no email '\(subject)' to \(address)")
    }

    func headerLine(_ name: String, in message: String) -> String? {
        message.components(separatedBy: "\r\n").first { $0.hasPrefix("\(name): ") }.map { String($0.dropFirst(name.count + 2)) }
    }

    /// The token of the first `path?token=` link in a message.
    static func token(in message: String, path: String) -> String? {
        guard let range = message.range(of: "\(path)?token=") else { return nil }
        let rest = message[range.upperBound...]
        return String(rest.prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
    }
}
