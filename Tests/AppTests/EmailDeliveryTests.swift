@testable import App
import Fluent
import Foundation
import SMTPTestServer
import Testing
import Vapor

@Suite("Email over SMTP", .timeLimit(.minutes(3)))
struct EmailDeliveryTests {
    @Test("The verification email arrives over SMTP as proper MIME, and its link verifies the account", arguments: TestDatabase.all)
    func verificationEmailOverSMTP(database: TestDatabase) async throws {
        try await TestApp.withSMTP(database) { t, server in
            let account = try await t.register()
            let message = try #require(try await server.waitForMessages(to: account.email, subject: "Confirm your email").first)
            #expect(message.mailFrom == "alerts@mantis.test")
            #expect(message.header("From") == "Mantis Alerts <alerts@mantis.test>")
            #expect(message.header("To") == account.email)
            #expect(message.header("Date")?.hasSuffix("+0000") == true)
            #expect(message.header("Message-ID")?.hasSuffix("@mantis.test>") == true)
            #expect(message.header("MIME-Version") == "1.0")
            #expect(message.header("Content-Type")?.hasPrefix("multipart/alternative; boundary=") == true)
            let text = try #require(message.part("text/plain; charset=utf-8"))
            let html = try #require(message.part("text/html; charset=utf-8"))
            #expect(html.contains("<a href=\"http://mantis.test/verify-email?token="))
            let token = try #require(Mailbox.token(in: text, path: "http://mantis.test/verify-email"))
            let verified = try await t.client.post("/auth/verify-email", ["token": token])
            #expect(verified["is_verified"] as? Bool == true)
        }
    }

    @Test("STARTTLS with the server's self-signed certificate trusted through SMTP_TLS_CA_FILE")
    func startTLSWithTrustedCertificate() async throws {
        try await withTestSMTPServer(["--tls", "starttls", "--auth", "plain-login"]) { server in
            try await withApp(.sqlite, environment: [
                "SMTP_HOST": "localhost", "SMTP_PORT": "\(server.port)", "SMTP_USE_TLS": "starttls",
                "SMTP_TLS_CA_FILE": server.certificatePath, "SMTP_USER": TestSMTPServer.username,
                "SMTP_PASSWORD": TestSMTPServer.password, "SMTP_FROM_EMAIL": "mantis@mantis.test",
            ]) { t in
                let account = try await t.register()
                let message = try #require(try await server.waitForMessages(to: account.email, subject: "Confirm").first)
                #expect(message.tls)
                #expect(message.authenticatedAs == TestSMTPServer.username)
            }
        }
    }

    @Test("Registration succeeds while SMTP is down; the queued email is delivered once the server is back")
    func outboxDeliversAfterOutage() async throws {
        let port = try FreePort.find()
        try await withApp(.sqlite, environment: ["SMTP_HOST": "127.0.0.1", "SMTP_PORT": "\(port)", "SMTP_USE_TLS": "false"]) { t in
            let before = Date()
            let account = try await t.register()
            // The first attempt fails at once and is recorded.
            var row: OutboxEmail?
            for _ in 0..<100 {
                row = try await OutboxEmail.query(on: t.app.db).first()
                if row?.attempts ?? 0 >= 1 { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            let failed = try #require(row)
            #expect(failed.status == .pending)
            #expect(failed.lastError?.isEmpty == false)
            #expect(failed.lastError?.contains(TestSMTPServer.password) == false)
            // 10 s after the attempt, which fell between `before` and now (however slow a loaded machine is).
            let earliest = before.addingTimeInterval(10 - 0.5), latest = Date().addingTimeInterval(10 + 0.5)
            #expect(failed.nextAttemptAt >= earliest && failed.nextAttemptAt <= latest,
                    "first retry after about 10 s, got \(failed.nextAttemptAt.timeIntervalSince(before)) s after registering")

            try await withTestSMTPServer(["--port", "\(port)"]) { server in
                // Pretend the retry time has come rather than sleeping through it.
                try await t.app.mantis.outbox.runOnce(now: Date().addingTimeInterval(11))
                let messages = try await server.waitForMessages(to: account.email, subject: "Confirm your email")
                #expect(messages.count == 1)
                let sent = try #require(try await OutboxEmail.find(failed.id, on: t.app.db))
                #expect(sent.status == .sent)
                #expect(sent.attempts == 2)
                // Sent once: later runs find nothing to send.
                #expect(try await t.app.mantis.outbox.runOnce(now: Date().addingTimeInterval(3600)) == 0)
                #expect(server.messages().count == 1)
            }
        }
    }

    @Test("A recipient the server rejects (550) is tried at most 3 times, then marked failed")
    func permanentRejectionStops() async throws {
        let rejected = "nobody@mantis.test"
        try await TestApp.withSMTP(.sqlite, serverArguments: ["--reject", rejected]) { t, server in
            _ = try await t.client.post("/auth/register", ["email": rejected, "password": "correct horse battery"])
            var now = Date()
            for _ in 0..<6 {
                now = now.addingTimeInterval(400)
                try await t.app.mantis.outbox.runOnce(now: now)
            }
            let row = try #require(try await OutboxEmail.query(on: t.app.db).first())
            #expect(row.status == .failed)
            #expect(row.permanentFailures == 3)
            #expect(row.lastError?.contains("550") == true)
            #expect(row.lastError?.contains("RCPT") == true)
            #expect(server.messages().isEmpty)
        }
    }

    @Test("A connection dropped in the middle of DATA is a transient failure, retried with back-off")
    func droppedConnectionIsRetried() async throws {
        try await TestApp.withSMTP(.sqlite, serverArguments: ["--drop-in-data"]) { t, _ in
            _ = try await t.register()
            var row: OutboxEmail?
            for _ in 0..<100 {
                row = try await OutboxEmail.query(on: t.app.db).first()
                if row?.attempts ?? 0 >= 1 { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            let first = try #require(row)
            #expect(first.status == .pending)
            #expect(first.permanentFailures == 0)
            try await t.app.mantis.outbox.runOnce(now: first.nextAttemptAt.addingTimeInterval(1))
            let second = try #require(try await OutboxEmail.find(first.id, on: t.app.db))
            #expect(second.attempts == 2)
            // 10 s, then 20 s: the delay doubles.
            #expect(second.nextAttemptAt.timeIntervalSince(first.nextAttemptAt) > 15)
        }
    }

    @Test("Register, verify by the emailed link, reset by the emailed link: old sessions die and a notice is sent", arguments: TestDatabase.all)
    func accountJourneyOverSMTP(database: TestDatabase) async throws {
        try await TestApp.withSMTP(database) { t, server in
            let account = try await t.register()
            let verification = try await server.waitForMessages(to: account.email, subject: "Confirm your email")[0]
            let verifyToken = try #require(Mailbox.token(in: verification.contentText, path: "/verify-email"))
            #expect(try await t.client.post("/auth/verify-email", ["token": verifyToken]).status == .ok)

            #expect(try await t.client.post("/auth/request-password-reset", ["email": account.email]).status == .accepted)
            let reset = try await server.waitForMessages(to: account.email, subject: "Reset your Mantis password")[0]
            let resetToken = try #require(Mailbox.token(in: reset.contentText, path: "/reset-password"))
            let response = try await t.client.post("/auth/reset-password", ["token": resetToken, "new_password": "brand new secret"])
            #expect(response.status == .ok)
            #expect(try await t.client.get("/auth/me", token: account.accessToken).status == .unauthorized)
            #expect(try await t.client.post("/auth/refresh", ["refresh_token": account.refreshToken]).status == .unauthorized)
            #expect(try await t.client.post("/auth/login", ["email": account.email, "password": "brand new secret"]).status == .ok)
            _ = try await server.waitForMessages(to: account.email, subject: "password was changed")
        }
    }

    @Test("Changing the password emails a security notice to the owner")
    func passwordChangeNotice() async throws {
        try await TestApp.withSMTP(.sqlite) { t, server in
            let account = try await t.register()
            _ = try await t.client.post(
                "/auth/change-password", ["current_password": account.password, "new_password": "another fine secret"],
                token: account.accessToken)
            let notice = try await server.waitForMessages(to: account.email, subject: "password was changed")[0]
            #expect(notice.part("text/plain; charset=utf-8")?.contains("reset your password") == true)
        }
    }

    @Test("Resending verification: at most one a minute (429), each with a new token; older tokens stop working")
    func resendVerificationRules() async throws {
        try await TestApp.withSMTP(.sqlite) { t, server in
            let account = try await t.register()
            let first = try await server.waitForMessages(to: account.email, subject: "Confirm")[0]
            // The registration email does not count against the minute.
            #expect(try await t.client.post("/auth/resend-verification", token: account.accessToken).status == .accepted)
            let limited = try await t.client.post("/auth/resend-verification", token: account.accessToken)
            #expect(limited.status == .tooManyRequests)
            #expect(limited.errorCode == "rate_limited")
            #expect(Int(limited.headers.first(name: "Retry-After") ?? "") ?? 0 > 0)

            let messages = try await server.waitForMessages(to: account.email, subject: "Confirm", count: 2)
            let oldToken = try #require(Mailbox.token(in: first.contentText, path: "/verify-email"))
            let newToken = try #require(Mailbox.token(in: messages[1].contentText, path: "/verify-email"))
            #expect(oldToken != newToken)
            #expect(try await t.client.post("/auth/verify-email", ["token": oldToken]).errorCode == "invalid_token")
            #expect(try await t.client.post("/auth/verify-email", ["token": newToken]).status == .ok)

            // A minute later another resend is allowed (the account is verified now, so nothing is sent).
            try await User.query(on: t.app.db).set(\.$verificationResentAt, to: Date().addingTimeInterval(-61)).update()
            #expect(try await t.client.post("/auth/resend-verification", token: account.accessToken).status == .accepted)
        }
    }

    @Test("`mantis send-test-email` delivers through SMTP and exits 0; with the server down it exits 1 and says why")
    func sendTestEmailCommand() async throws {
        try await withTestSMTPServer { server in
            let environment = ["SMTP_HOST": "127.0.0.1", "SMTP_PORT": "\(server.port)", "SMTP_USE_TLS": "false", "BCRYPT_COST": "4"]
            let result = try await CommandRunner.run(["send-test-email", "owner@example.com"], environment: environment)
            #expect(result.status == 0, "\(result.output)")
            #expect(result.output.contains("Sent."))
            let messages = server.messages()
            #expect(messages.count == 1)
            #expect(messages.first?.header("Subject") == "Mantis test email ✓")
        }
        let closed = try FreePort.find()
        let down = try await CommandRunner.run(
            ["send-test-email", "owner@example.com"],
            environment: ["SMTP_HOST": "127.0.0.1", "SMTP_PORT": "\(closed)", "SMTP_USE_TLS": "false", "SMTP_PASSWORD": "hunter2-secret", "SMTP_USER": "u", "BCRYPT_COST": "4"])
        #expect(down.status == 1)
        #expect(down.output.contains("Not sent"))
        #expect(!down.output.contains("hunter2-secret"))
    }

    @Test(
        "Two Mantis instances on one PostgreSQL send each queued message exactly once",
        .enabled(if: TestDatabase.postgresAdminURL != nil, "needs the PostgreSQL test cluster"))
    func twoInstancesSendEachMessageOnce() async throws {
        let admin = try #require(TestDatabase.postgresAdminURL)
        try await TestApp.withSMTP(.postgres(adminURL: admin)) { t, server in
            await t.app.mantis.outbox.stop()
            for index in 0..<30 {
                let message = EmailMessage(to: "reader\(index)@example.com", subject: "Queued \(index)", text: "hello", html: nil)
                try await Outbox(database: t.app.db).enqueue(message, kind: .test, userID: nil, senderDomain: "mantis.test")
            }
            guard case .postgres(let url) = t.app.mantis.config.database else { return }
            let other = try await Application.make(.testing)
            do {
                try await configure(other, config: AppConfig(environment: [
                    "DATABASE_URL": url, "BCRYPT_COST": "4", "SMTP_HOST": "127.0.0.1", "SMTP_PORT": "\(server.port)", "SMTP_USE_TLS": "false",
                ], isProduction: false))
                async let first = t.app.mantis.outbox.runOnce()
                async let second = other.mantis.outbox.runOnce()
                let attempted = try await first + second
                #expect(attempted == 30)
            } catch {
                try? await other.asyncShutdown()
                throw error
            }
            try await other.asyncShutdown()
            let received = server.messages()
            #expect(received.count == 30)
            #expect(Set(received.flatMap(\.rcptTos)).count == 30)
            #expect(try await OutboxEmail.query(on: t.app.db).filter(\.$status == .sent).count() == 30)
        }
    }
}
