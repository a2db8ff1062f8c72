import Logging

/// Records that a message would be sent, without its body: bodies carry one-time links, which are secrets.
struct LogMailTransport: MailTransport {
    let logger: Logger

    func send(_ email: OutgoingEmail) async throws {
        logger.notice("Email not delivered (MAIL_TRANSPORT=log)", metadata: ["to": "\(email.recipient)", "subject": "\(email.subject)"])
    }
}
