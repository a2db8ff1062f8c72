@testable import App
import Fluent
import Foundation
import SMTPTestServer
import SQLiteNIO
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// SIGTERM stops `mantis serve` cleanly: a refresh round's checks in progress finish and the rest are handed
/// back, the email being sent is finished and marked sent, SQLite's WAL is checkpointed, and the exit status is
/// 0 — and after a restart nothing is lost and nothing is done twice.
@Suite("Stopping cleanly", .serialized, .timeLimit(.minutes(3)))
struct GracefulStopTests {
    private func temporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mantis-stop-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    @Test("SIGTERM during a refresh round: checks reading a page finish, the others are released; a restart checks each product exactly once more")
    func sigtermDuringRefreshRound() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("m.sqlite").path
        try await withFixtureStore { store in
            try await withApp(.sqlite, environment: ["MANTIS_DB_PATH": path]) { t in
                let account = try await t.verifiedAccount()
                let slugs = (1...6).map { "lamp\($0)" }
                for slug in slugs {
                    await store.setProduct(slug, price: "10.00")
                    _ = try await t.client.post("/products/fetch", ["url": store.url("/product/\(slug)")], token: account.accessToken)
                }
                // Each page now takes 2 s, and every product is due.
                for slug in slugs {
                    try await Product.query(on: t.app.db).filter(\.$url == store.url("/product/\(slug)"))
                        .set(\.$url, to: store.url("/slow/2000/\(slug)"))
                        .set(\.$nextCheckAt, to: Date().addingTimeInterval(-60)).update()
                }
                func checks() async throws -> [UUID: [ProductCheck]] {
                    Dictionary(grouping: try await ProductCheck.query(on: t.app.db).all(), by: { $0.$product.id })
                }
                #expect(try await checks().values.map(\.count) == [1, 1, 1, 1, 1, 1])

                let environment = [
                    "MANTIS_DB_PATH": path, "FETCH_ALLOW_PRIVATE": "true", "REFRESH_CONCURRENCY": "2", "REFRESH_PER_HOST": "2",
                    "MAIL_TRANSPORT": "log",
                ]
                let server = try await ServeProcess(environment: environment)
                // Wait until two pages are being read (the round claimed all six; four wait for a slot).
                var reading = 0
                for _ in 0..<200 where reading < 2 {
                    reading = await store.catalog.inFlight["127.0.0.1"] ?? 0
                    try await Task.sleep(for: .milliseconds(25))
                }
                #expect(reading == 2)
                let started = ContinuousClock.now
                #expect(try await server.stop() == 0)
                // It waited for the two pages (2 s) but not for the four others (another 4 s at least).
                #expect(ContinuousClock.now - started < .seconds(4))

                let afterStop = try await checks()
                let products = try await Product.query(on: t.app.db).all()
                #expect(products.allSatisfy { $0.leaseExpiresAt == nil }, "no claim is left behind")
                let finished = products.filter { afterStop[$0.id!]?.count == 2 }
                #expect(finished.count == 2, "the two checks in progress were recorded")
                #expect(finished.allSatisfy { afterStop[$0.id!]!.allSatisfy(\.succeeded) })
                let released = products.filter { afterStop[$0.id!]?.count == 1 }
                #expect(released.count == 4)
                #expect(released.allSatisfy { ($0.nextCheckAt ?? .distantFuture) < Date() }, "released products are still due")
                #expect(released.allSatisfy { $0.consecutiveFailures == 0 }, "a released check is not a failure")

                // A restart checks the four released products, and only those.
                let again = try await ServeProcess(environment: environment)
                for _ in 0..<300 {
                    if try await checks().values.allSatisfy({ $0.count >= 2 }) { break }
                    try await Task.sleep(for: .milliseconds(100))
                }
                #expect(try await again.stop() == 0)
                let final = try await checks()
                #expect(final.values.map(\.count).sorted() == [2, 2, 2, 2, 2, 2], "each product checked exactly once after the first")
                #expect(final.values.allSatisfy { $0.allSatisfy(\.succeeded) })
            }
        }
    }

    @Test("SIGTERM during an SMTP delivery: the message is finished and marked sent, the WAL is checkpointed, a restart sends nothing again")
    func sigtermDuringDelivery() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("m.sqlite").path
        try await withTestSMTPServer(["--delay-data", "3"]) { smtp in
            let environment = [
                "MANTIS_DB_PATH": path, "REFRESH_SCHEDULER": "false", "SMTP_HOST": "127.0.0.1", "SMTP_PORT": "\(smtp.port)",
                "SMTP_USE_TLS": "false", "SMTP_FROM_EMAIL": "Mantis <mantis@mantis.test>",
            ]
            let server = try await ServeProcess(environment: environment)
            let registered = try await server.call(.POST, "/auth/register", ["email": TestApp.uniqueEmail("stop"), "password": "correct horse battery"])
            #expect(registered.status == .created || registered.status == .ok)
            // The verification email is in the DATA phase, which the server holds for 3 s.
            for _ in 0..<200 where !smtp.events().contains("DATA") { try await Task.sleep(for: .milliseconds(25)) }
            #expect(smtp.events().contains("DATA"))
            #expect(smtp.messages().isEmpty)
            #expect(try await server.stop() == 0)
            #expect(smtp.messages().count == 1, "the delivery in progress was finished before exiting")

            // The WAL was copied into the database and truncated: the file alone holds everything.
            let walSize = (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0
            #expect(walSize == 0)
            let connection = try await SQLiteConnection.open(storage: .file(path: path))
            let rows = try await connection.query("SELECT status, attempts FROM email_outbox")
            try await connection.close()
            #expect(rows.count == 1)
            #expect(rows.first?.column("status")?.string == "sent")
            #expect(rows.first?.column("attempts")?.integer == 1)

            let again = try await ServeProcess(environment: environment)
            try await Task.sleep(for: .seconds(3))
            #expect(try await again.stop() == 0)
            #expect(smtp.messages().count == 1, "nothing is sent twice")
        }
    }
}
