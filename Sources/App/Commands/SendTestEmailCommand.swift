import Foundation
import Vapor

/// `mantis send-test-email ADDRESS`: sends one message through the configured transport right away (not via
/// the outbox) and says what happened — the first thing to run after setting SMTP up.
struct SendTestEmailCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "address", help: "Where to send the test message.")
        var address: String
    }

    var help: String { "Send a test email with the configured transport and report the result." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let services = context.application.mantis
        guard OutboxWorker.isSafeHeaderValue(signature.address), signature.address.contains("@") else {
            throw CommandFailure(description: "Not an email address: \(signature.address)")
        }
        let message = services.emailTemplates.test(to: signature.address)
        let email = OutgoingEmail(
            envelopeFrom: services.outbox.envelopeFrom, recipient: signature.address, subject: message.subject,
            data: MIMEMessageRenderer.render(
                message, from: services.outbox.headerFrom, date: Date(),
                messageID: "\(UUID().uuidString.lowercased())@\(services.outbox.senderDomain)"))
        context.console.print("Sending a test message to \(signature.address) with \(services.outbox.transportDescription)…")
        do {
            try await services.outbox.transport.send(email)
        } catch {
            throw CommandFailure(description: "Not sent: \(error)")
        }
        context.console.print("Sent.")
    }
}
