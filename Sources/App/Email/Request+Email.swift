import Fluent
import Foundation
import Vapor

extension Request {
    /// Queues `message` on `database` — the transaction making the change it reports. Call
    /// `application.mantis.outbox.poke()` after the transaction commits so it goes out at once.
    func queueEmail(_ message: EmailMessage, kind: OutboxEmail.Kind, userID: UUID?, on database: any Database) async throws {
        try await Outbox(database: database).enqueue(
            message, kind: kind, userID: userID, senderDomain: application.mantis.outbox.senderDomain)
    }
}
