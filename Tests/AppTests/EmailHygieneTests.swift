@testable import App
import Fluent
import Foundation
import Testing

@Suite("What email leaves lying around", .timeLimit(.minutes(3)))
struct EmailHygieneTests {
    @Test("Once sent, a message's stored bodies (with their one-time links) are erased", arguments: TestDatabase.all)
    func sentBodiesAreErased(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let account = try await t.register()
            _ = try await t.mailbox.waitForMessages(to: account.email, subjectContaining: "Confirm your email")
            // The row is marked sent just after delivery; wait for that (a fixed 300 ms failed under load).
            var rows: [OutboxEmail] = []
            for _ in 0..<100 {
                rows = try await OutboxEmail.query(on: t.app.db).filter(\.$kind == .verification).all()
                if rows.allSatisfy({ $0.status == .sent }) { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(rows.count == 1)
            #expect(rows.allSatisfy { $0.status == .sent && $0.textBody.isEmpty && $0.htmlBody == nil })
            #expect(rows.first?.recipient == account.email)
        }
    }

    @Test("Sent rows are purged after 7 days", arguments: TestDatabase.all)
    func sentRowsArePurged(database: TestDatabase) async throws {
        try await withApp(database) { t in
            _ = try await t.register()
            _ = try await t.register()
            // Wait for the worker to send both (a fixed 500 ms was too short once under the full suite).
            var all: [OutboxEmail] = []
            for _ in 0..<100 {
                all = try await OutboxEmail.query(on: t.app.db).filter(\.$status == .sent).all()
                if all.count >= 2 { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(all.count >= 2)
            let old = all[0]
            old.sentAt = Date().addingTimeInterval(-8 * 86_400)
            try await old.save(on: t.app.db)
            await t.app.mantis.outbox.purgeSent(now: Date())
            let left = try await OutboxEmail.query(on: t.app.db).filter(\.$status == .sent).all()
            #expect(left.count == all.count - 1)
            #expect(!left.contains { $0.id == old.id })
        }
    }

    @Test("A message that failed for good keeps only recipient, subject, attempts and the error", arguments: TestDatabase.all)
    func failedRowsKeepNoBodies(database: TestDatabase) async throws {
        // A mail folder under a regular file can never be created: every delivery fails.
        try await withApp(database, environment: ["MAIL_FILE_DIR": "/dev/null/mantis-mail"]) { t in
            let account = try await t.register()
            // The background worker's first attempt must be over (its lease released), or the run below finds
            // the row leased and leaves it pending: a fixed 300 ms wait was too short with the whole suite running.
            for _ in 0..<100 {
                let row = try await OutboxEmail.query(on: t.app.db).filter(\.$kind == .verification).first()
                if let row, row.attempts >= 1, row.leaseExpiresAt == nil { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            // The retry schedule runs out after 24 hours; move the worker's clock past it.
            _ = try await t.app.mantis.outbox.runOnce(now: Date().addingTimeInterval(25 * 3600))
            let row = try #require(try await OutboxEmail.query(on: t.app.db).filter(\.$kind == .verification).first())
            #expect(row.status == .failed)
            #expect(row.textBody.isEmpty && row.htmlBody == nil)
            #expect(row.recipient == account.email)
            #expect(row.lastError?.isEmpty == false)
            #expect(row.attempts >= 1)
        }
    }

    @Test(".eml files of the file transport are written 0600")
    func emlFilesArePrivate() async throws {
        try await withApp(.sqlite) { t in
            let account = try await t.register()
            _ = try await t.mailbox.waitForMessages(to: account.email, subjectContaining: "Confirm your email")
            let names = try FileManager.default.contentsOfDirectory(atPath: t.mailbox.directory).filter { $0.hasSuffix(".eml") }
            #expect(!names.isEmpty)
            for name in names {
                let attributes = try FileManager.default.attributesOfItem(atPath: (t.mailbox.directory as NSString).appendingPathComponent(name))
                #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600, "\(name)")
            }
        }
    }
}
