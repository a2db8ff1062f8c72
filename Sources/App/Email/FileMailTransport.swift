import Foundation
import NIOCore
import NIOPosix

/// Writes each message as an `.eml` file into a folder: handy on a desktop without a mail server, and the
/// way the tests read what was sent. Files are written off the event loop.
struct FileMailTransport: MailTransport {
    let directory: String
    let threadPool: NIOThreadPool

    func send(_ message: EmailMessage, from sender: String) async throws {
        let date = Date()
        let name = "\(Int(date.timeIntervalSince1970 * 1000))-\(UUID().uuidString.lowercased()).eml"
        let rendered = MIMEMessageRenderer.render(message, from: sender, date: date)
        let directory = self.directory
        try await threadPool.runIfActive {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let path = (directory as NSString).appendingPathComponent(name)
            // Write then rename, so a reader never sees half a message.
            try Data(rendered.utf8).write(to: URL(fileURLWithPath: path + ".tmp"))
            try FileManager.default.moveItem(atPath: path + ".tmp", toPath: path)
        }
    }
}
