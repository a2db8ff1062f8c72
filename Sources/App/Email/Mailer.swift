import Foundation
import Logging

/// Composes Mantis's account emails and hands them to the configured transport.
struct Mailer: Sendable {
    let transport: any MailTransport
    let sender: String
    let frontendURL: String

    /// Sends without making the caller wait: a slow or failing mail server must not slow or fail the
    /// request (registration still succeeds; the user can ask for the email again).
    func sendInBackground(_ message: EmailMessage, logger: Logger) {
        let transport = self.transport, sender = self.sender
        Task {
            do {
                try await transport.send(message, from: sender)
            } catch {
                logger.error("Email could not be sent", metadata: ["subject": "\(message.subject)", "error": "\(error)"])
            }
        }
    }

    func verificationEmail(to address: String, token: String) -> EmailMessage {
        let link = "\(frontendURL)/verify-email?token=\(token)"
        return EmailMessage(
            to: address,
            subject: "Confirm your email for Mantis",
            text: """
                Welcome to Mantis.

                Confirm your email address by opening this link (valid for 24 hours):
                \(link)

                If you did not create an account, ignore this message.
                """,
            html: """
                <p>Welcome to Mantis.</p>
                <p><a href="\(link)">Confirm your email address</a> (valid for 24 hours).</p>
                <p>If you did not create an account, ignore this message.</p>
                """)
    }

    func passwordResetEmail(to address: String, token: String) -> EmailMessage {
        let link = "\(frontendURL)/reset-password?token=\(token)"
        return EmailMessage(
            to: address,
            subject: "Reset your Mantis password",
            text: """
                Someone asked to reset the password of your Mantis account.

                Choose a new password here (valid for 1 hour, once):
                \(link)

                If it was not you, ignore this message; your password stays as it is.
                """,
            html: """
                <p>Someone asked to reset the password of your Mantis account.</p>
                <p><a href="\(link)">Choose a new password</a> (valid for 1 hour, once).</p>
                <p>If it was not you, ignore this message; your password stays as it is.</p>
                """)
    }
}
