/// Delivers a rendered message: SMTP when `SMTP_HOST` is set, otherwise `log` or `file`.
/// Throws `MailDeliveryError` to say whether trying again could help.
protocol MailTransport: Sendable {
    func send(_ email: OutgoingEmail) async throws
}
