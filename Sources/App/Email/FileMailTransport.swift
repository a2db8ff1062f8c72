import Foundation
import NIOCore
import NIOPosix

/// Writes each message as an `.eml` file into a folder: handy on a desktop without a mail server. Files are
/// written off the event loop, and renamed into place so a reader never sees half a message.
struct FileMailTransport: MailTransport {
    let directory: String
    let threadPool: NIOThreadPool

    func send(_ email: OutgoingEmail) async throws {
        let name = "\(Int(Date().timeIntervalSince1970 * 1000))-\(UUID().uuidString.lowercased()).eml"
        let directory = self.directory
        do {
            try await threadPool.runIfActive {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
                let path = (directory as NSString).appendingPathComponent(name)
                try Data(email.data.utf8).write(to: URL(fileURLWithPath: path + ".tmp"))
                try FileManager.default.moveItem(atPath: path + ".tmp", toPath: path)
            }
        } catch {
            throw MailDeliveryError(description: "could not write to \(directory): \(error)", isPermanent: false)
        }
    }
}
