import Fluent
import Foundation

/// A message waiting to be sent, written in the same transaction as the change that causes it, so no email
/// is lost when the mail server is down and none is queued for a change that was rolled back.
final class OutboxEmail: Model, @unchecked Sendable {
    static let schema = "email_outbox"

    enum Kind: String, Codable, Sendable {
        case verification
        case passwordReset = "password_reset"
        case passwordChanged = "password_changed"
        case priceAlert = "price_alert"
        case test
        /// Not an email: a queued "send a reset link to this address if it has an account", expanded by the
        /// worker into a `passwordReset` message (or into nothing), so the request itself always costs the same.
        case passwordResetRequest = "password_reset_request"
    }

    enum Status: String, Codable, Sendable {
        case pending
        case sent
        case failed
    }

    @ID(key: .id) var id: UUID?
    @OptionalParent(key: "user_id") var user: User?
    @Field(key: "kind") var kind: Kind
    @Field(key: "recipient") var recipient: String
    @Field(key: "subject") var subject: String
    @Field(key: "text_body") var textBody: String
    @OptionalField(key: "html_body") var htmlBody: String?
    /// Fixed when queued, so a retried message is the same message to the receiving server.
    @Field(key: "message_id") var messageID: String
    @Field(key: "status") var status: Status
    @Field(key: "attempts") var attempts: Int
    @Field(key: "permanent_failures") var permanentFailures: Int
    @Field(key: "next_attempt_at") var nextAttemptAt: Date
    @OptionalField(key: "lease_expires_at") var leaseExpiresAt: Date?
    @OptionalField(key: "last_error") var lastError: String?
    @OptionalField(key: "sent_at") var sentAt: Date?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(userID: UUID?, kind: Kind, message: EmailMessage, messageID: String, now: Date) {
        self.$user.id = userID
        self.kind = kind
        self.recipient = message.to
        self.subject = message.subject
        self.textBody = message.text
        self.htmlBody = message.html
        self.messageID = messageID
        self.status = .pending
        self.attempts = 0
        self.permanentFailures = 0
        self.nextAttemptAt = now
    }

    /// After sending (or giving up): the bodies held one-time links, so only what an operator needs to see
    /// what happened stays — recipient, kind, subject, attempts, the last error.
    func eraseBodies() {
        textBody = ""
        htmlBody = nil
    }

    var message: EmailMessage {
        EmailMessage(to: recipient, subject: subject, text: textBody, html: htmlBody)
    }
}
