import Fluent
import Foundation

/// Queues messages. Call it with the database handle of the transaction that makes the change the email is
/// about, so the message exists exactly when the change does.
struct Outbox {
    let database: any Database

    @discardableResult
    func enqueue(_ message: EmailMessage, kind: OutboxEmail.Kind, userID: UUID?, senderDomain: String) async throws -> OutboxEmail {
        let row = OutboxEmail(
            userID: userID, kind: kind, message: message,
            messageID: "\(UUID().uuidString.lowercased())@\(senderDomain)", now: Date())
        try await row.create(on: database)
        return row
    }

    /// Queues "mail a reset link to `email` if it has an account". The worker decides; see `OutboxWorker`.
    func enqueuePasswordResetRequest(for email: String, now: Date) async throws {
        let row = OutboxEmail(
            userID: nil, kind: .passwordResetRequest, message: EmailMessage(to: email, subject: "", text: "", html: nil),
            messageID: UUID().uuidString.lowercased(), now: now)
        try await row.create(on: database)
    }
}
