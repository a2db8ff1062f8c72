import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// Sends queued messages. Rows are claimed with a lease (see `LeasedClaim`), so with several instances on one
/// PostgreSQL each message is sent by one of them; a message is marked sent right after the server accepted it.
/// (If the process dies between those two steps the message is sent again after the lease: at least once.)
final class OutboxWorker: BackgroundService {
    unowned let application: Application
    let transport: any MailTransport
    /// The address part of SMTP_FROM_EMAIL, used as the envelope sender.
    let envelopeFrom: String
    let headerFrom: String
    let lease: TimeInterval = 2 * 60
    /// Once stopping: the message being sent is finished, the rest of the claim is handed back.
    private let loop = StoppableLoop()

    init(application: Application, transport: any MailTransport, from: String) {
        self.application = application
        self.transport = transport
        self.headerFrom = from
        self.envelopeFrom = OutboxWorker.address(in: from)
    }

    /// "Mantis <mantis@example.com>" → "mantis@example.com".
    static func address(in from: String) -> String {
        guard let open = from.lastIndex(of: "<"), let close = from.lastIndex(of: ">"), open < close else {
            return from.trimmingCharacters(in: .whitespaces)
        }
        return String(from[from.index(after: open)..<close])
    }

    /// For messages to the operator: which transport this is, without secrets.
    var transportDescription: String {
        switch transport {
        case let smtp as SMTPMailTransport:
            "SMTP \(smtp.client.configuration.host):\(smtp.client.configuration.port) (\(smtp.client.configuration.tls))"
        case is FileMailTransport: "the file transport"
        default: "the log transport (nothing is delivered; set SMTP_HOST)"
        }
    }

    /// No line breaks or NULs: such text could start a new header or SMTP command.
    static func isSafeHeaderValue(_ value: String) -> Bool {
        !value.unicodeScalars.contains { $0 == "\r" || $0 == "\n" || $0 == "\0" }
    }

    var senderDomain: String { envelopeFrom.split(separator: "@").last.map(String.init) ?? "localhost" }

    /// Sends every message that is due now. Returns how many were attempted. `stoppable`: the background
    /// loop's runs end early once `stop()` was called (a test's own runs do not).
    @discardableResult
    func runOnce(now: Date = Date(), stoppable: Bool = false) async throws -> Int {
        var attempted = 0
        while true {
            let ids = try await LeasedClaim(table: OutboxEmail.schema, dueColumn: "next_attempt_at", condition: "status = 'pending'")
                .claim(on: application.db.sql, limit: 20, now: now, lease: lease)
            if ids.isEmpty { return attempted }
            let rows = try await OutboxEmail.query(on: application.db).filter(\.$id ~~ ids).all()
            for (index, row) in rows.enumerated() {
                if stoppable, loop.isStopping {
                    try await releaseLeases(of: rows[index...].compactMap(\.id))
                    return attempted
                }
                if row.kind == .passwordResetRequest {
                    await expandResetRequest(row, now: now)
                } else {
                    await deliver(row, now: now)
                }
                attempted += 1
            }
            if purgeGate.isDue(now: now, every: 600) { await purgeSent(now: now) }
        }
    }

    /// Claimed but not attempted: due again at once, for the next start or another instance.
    private func releaseLeases(of ids: [UUID]) async throws {
        guard !ids.isEmpty else { return }
        try await OutboxEmail.query(on: application.db).filter(\.$id ~~ ids).set(\.$leaseExpiresAt, to: nil).update()
    }

    /// Sent messages are kept a week (for an operator asking "did it go out?"), then deleted.
    static let sentRetention: TimeInterval = 7 * 86_400
    private let purgeGate = IntervalGate()

    func purgeSent(now: Date) async {
        do {
            try await OutboxEmail.query(on: application.db)
                .filter(\.$status == .sent)
                .filter(\.$sentAt < now.addingTimeInterval(-Self.sentRetention))
                .delete()
        } catch {
            application.logger.error("Could not purge sent emails", metadata: ["error": "\(error)"])
        }
    }

    /// Turns a queued reset request into a reset email when the address has an account; either way the request
    /// row is closed and its address erased.
    private func expandResetRequest(_ row: OutboxEmail, now: Date) async {
        let services = application.mantis
        let email = row.recipient
        do {
            try await services.transaction(on: application.db) { database in
                if let user = try await User.query(on: database).filter(\.$email == email).first() {
                    let token = try await AccountTokenService(database: database, dependencies: services.dependencies)
                        .issue(for: user, purpose: .reset)
                    let message = services.emailTemplates.passwordReset(to: user.email, token: token)
                    try await Outbox(database: database).enqueue(
                        message, kind: .passwordReset, userID: user.requireID(), senderDomain: self.senderDomain)
                }
                row.status = .sent
                row.sentAt = now
                row.recipient = ""
                row.leaseExpiresAt = nil
                row.attempts += 1
                row.eraseBodies()
                try await row.save(on: database)
            }
        } catch {
            application.logger.error("Could not handle a password reset request", metadata: ["email_id": "\(row.id!)", "error": "\(error)"])
        }
    }

    /// `now` is the round's clock (tests move it forward instead of waiting for retries).
    private func deliver(_ row: OutboxEmail, now: Date) async {
        let email = OutgoingEmail(
            envelopeFrom: envelopeFrom, recipient: row.recipient, subject: row.subject,
            data: MIMEMessageRenderer.render(row.message, from: headerFrom, date: Date(), messageID: row.messageID))
        row.attempts += 1
        row.leaseExpiresAt = nil
        let metrics = application.mantis.metrics
        do {
            try await transport.send(email)
            row.status = .sent
            row.sentAt = now
            row.lastError = nil
            row.eraseBodies()
            metrics?.recordEmail(kind: row.kind, outcome: .sent)
        } catch {
            let failure = error as? MailDeliveryError ?? MailDeliveryError(description: "\(error)", isPermanent: false)
            if failure.isPermanent { row.permanentFailures += 1 }
            row.lastError = String(failure.description.prefix(500))
            if let next = OutboxRetryPolicy.nextAttempt(
                after: now, attempts: row.attempts, permanentFailures: row.permanentFailures, queuedAt: row.createdAt ?? now)
            {
                row.nextAttemptAt = next
                metrics?.recordEmail(kind: row.kind, outcome: .retry)
                application.logger.warning(
                    "Email delivery failed; will retry",
                    metadata: ["email_id": "\(row.id!)", "kind": "\(row.kind.rawValue)", "attempt": "\(row.attempts)", "error": "\(failure)"])
            } else {
                row.status = .failed
                row.eraseBodies()
                metrics?.recordEmail(kind: row.kind, outcome: .failed)
                application.logger.error(
                    "Email delivery failed for good",
                    metadata: ["email_id": "\(row.id!)", "kind": "\(row.kind.rawValue)", "attempts": "\(row.attempts)", "error": "\(failure)"])
            }
        }
        do {
            try await row.save(on: application.db)
        } catch {
            application.logger.error("Could not record email delivery", metadata: ["email_id": "\(row.id!)", "error": "\(error)"])
        }
    }

    /// Starts sending in the background: right after `poke()`, and every second for retries.
    func start() {
        loop.start(pause: .seconds(1)) { [weak self] in
            guard let self else { return }
            do {
                try await self.runOnce(stoppable: true)
            } catch {
                self.application.logger.error("Outbox run failed", metadata: ["error": "\(error)"])
            }
        }
    }

    /// Asks the worker to look at the queue now (after a request queued a message).
    func poke() {
        loop.poke()
    }

    /// Stops after the message being sent (not cancelled mid-conversation: the server may already have
    /// accepted it, and a message cut off there would be sent again). An SMTP exchange is bounded by the
    /// client's timeouts; after `timeout` the loop is cancelled and its lease expires by itself.
    func stop(timeout: Duration) async {
        if await !loop.stop(timeout: timeout) {
            application.logger.warning("Email delivery still running at shutdown; it will be retried")
        }
    }

    func stop() async {
        await stop(timeout: .seconds(60))
    }
}
