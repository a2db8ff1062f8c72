/// Delivers a composed message. `log` and `file` need no server; SMTP arrives with the email issue.
protocol MailTransport: Sendable {
    func send(_ message: EmailMessage, from sender: String) async throws
}
