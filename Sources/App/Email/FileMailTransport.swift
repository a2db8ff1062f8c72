import Foundation
import NIOCore
import NIOPosix

/// Writes each message as an `.eml` file into a folder: handy on a desktop without a mail server. Files are
/// written off the event loop, and renamed into place so a reader never sees half a message. Messages hold
/// one-time links, so files are created 0600 (and a folder Mantis creates 0700): only Mantis's user reads them.
struct FileMailTransport: MailTransport {
    let directory: String
    let threadPool: NIOThreadPool

    func send(_ email: OutgoingEmail) async throws {
        let name = "\(Int(Date().timeIntervalSince1970 * 1000))-\(UUID().uuidString.lowercased()).eml"
        let directory = self.directory
        do {
            try await threadPool.runIfActive {
                try FileManager.default.createDirectory(
                    atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
                let path = (directory as NSString).appendingPathComponent(name)
                guard FileManager.default.createFile(
                    atPath: path + ".tmp", contents: Data(email.data.utf8), attributes: [.posixPermissions: 0o600])
                else { throw CocoaError(.fileWriteUnknown) }
                try FileManager.default.moveItem(atPath: path + ".tmp", toPath: path)
            }
        } catch {
            throw MailDeliveryError(description: "could not write to \(directory): \(error)", isPermanent: false)
        }
    }
}
