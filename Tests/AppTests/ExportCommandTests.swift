@testable import App
import Foundation
import Testing

/// `mantis export` and `mantis import` run as a self-hoster would: the account they act for (`--user`, or
/// local mode's own), the file written 0600, refusals with exit status 1, and counts printed.
@Suite("The export and import commands", .serialized, .timeLimit(.minutes(4)))
struct ExportCommandTests {
    private func temporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mantis-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    @Test("Web mode: --user is required and must exist; --output writes the file 0600; an unknown version is refused; import prints counts and a second one adds nothing")
    func webMode() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("web.sqlite").path
        let env = ["MANTIS_DB_PATH": path, "MANTIS_MODE": "web"]
        try await withFixtureStore { store in
            try await withApp(.sqlite, environment: ["MANTIS_DB_PATH": path]) { t in
                // setup
                let source = try await PopulatedData.fill(t, store: store, prefix: "cmd")
                let target = try await t.verifiedAccountWithoutEmail("target")
                let file = directory.appendingPathComponent("out.json").path

                // MUT + validate: who the command acts for.
                let unnamed = try await CommandRunner.run(["export"], environment: env)
                #expect(unnamed.status == 1)
                #expect(unnamed.output.contains("--user EMAIL"), "\(unnamed.output)")
                let unknown = try await CommandRunner.run(["export", "--user", "nobody@example.com"], environment: env)
                #expect(unknown.status == 1)
                #expect(unknown.output.contains("No account with the email nobody@example.com"), "\(unknown.output)")

                // To standard output: nothing but the file.
                let printed = try await CommandRunner.run(["export", "--user", source.email.uppercased()], environment: env)
                #expect(printed.status == 0, "\(printed.output)")
                let fromStdout = try UserDataExport.decode(Data(printed.output.utf8))
                #expect(fromStdout.user.email == source.email)
                #expect(fromStdout.products.count == 3)

                let written = try await CommandRunner.run(["export", "--user", source.email, "--output", file], environment: env)
                #expect(written.status == 0, "\(written.output)")
                #expect(written.output.contains("3 product(s), 6 price point(s)"), "\(written.output)")
                let permissions = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
                #expect(permissions == 0o600)
                #expect(!FileManager.default.fileExists(atPath: file + ".partial"))
                let exported = try UserDataExport.decode(try Data(contentsOf: URL(fileURLWithPath: file)))
                #expect(exported.products.map(\.url) == fromStdout.products.map(\.url))

                // An unknown version: refused, nothing written.
                var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: file))) as? [String: Any])
                object["version"] = 2
                let future = directory.appendingPathComponent("future.json").path
                try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: future))
                let refused = try await CommandRunner.run(["import", future, "--user", target.email], environment: env)
                #expect(refused.status == 1)
                #expect(refused.output.contains("Nothing was imported"), "\(refused.output)")
                #expect(refused.output.contains("version is 2"), "\(refused.output)")
                #expect(try await t.client.get("/products", token: target.accessToken).array.isEmpty)

                let nobody = try await CommandRunner.run(["import", file, "--user", "nobody@example.com"], environment: env)
                #expect(nobody.status == 1)
                #expect(nobody.output.contains("No account"), "\(nobody.output)")
                let noUser = try await CommandRunner.run(["import", file], environment: env)
                #expect(noUser.status == 1)
                #expect(noUser.output.contains("--user EMAIL"), "\(noUser.output)")

                let imported = try await CommandRunner.run(["import", file, "--user", target.email], environment: env)
                #expect(imported.status == 0, "\(imported.output)")
                #expect(imported.output.contains("3 product(s) added, 0 merged, 0 already up to date; 6 price point(s)"), "\(imported.output)")
                let list = try await t.client.get("/products", token: target.accessToken).array
                #expect(list.count == 3)
                #expect(list.allSatisfy { $0["current_price"] as? String == "9.99" && $0["lowest_price"] as? String == "9.99" })
                let again = try await CommandRunner.run(["import", file, "--user", target.email], environment: env)
                #expect(again.status == 0, "\(again.output)")
                #expect(again.output.contains("0 product(s) added, 0 merged, 3 already up to date; 0 price point(s) and 0 check(s) added"), "\(again.output)")
            }
        }
    }

    @Test("Local mode: export and import act for the built-in user without --user")
    func localMode() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let web = directory.appendingPathComponent("web.sqlite").path
        let local = directory.appendingPathComponent("local.sqlite").path
        let file = directory.appendingPathComponent("mine.json").path
        try await withFixtureStore { store in
            try await withApp(.sqlite, environment: ["MANTIS_DB_PATH": web]) { t in
                let source = try await PopulatedData.fill(t, store: store, prefix: "desk")
                let written = try await CommandRunner.run(
                    ["export", "--user", source.email, "--output", file], environment: ["MANTIS_DB_PATH": web])
                #expect(written.status == 0, "\(written.output)")
            }
        }
        let env = ["MANTIS_DB_PATH": local, "MANTIS_MODE": "local"]
        // A database that is not migrated yet: said so, nothing written.
        let early = try await CommandRunner.run(["import", file], environment: env)
        #expect(early.status == 1)
        #expect(early.output.contains("mantis migrate --yes"), "\(early.output)")
        let migrated = try await CommandRunner.run(["migrate", "--yes"], environment: env)
        #expect(migrated.status == 0, "\(migrated.output)")

        let imported = try await CommandRunner.run(["import", file], environment: env)
        #expect(imported.status == 0, "\(imported.output)")
        #expect(imported.output.contains("into \(LocalUser.email): 3 product(s) added"), "\(imported.output)")
        let again = try await CommandRunner.run(["import", file], environment: env)
        #expect(again.output.contains("0 product(s) added, 0 merged, 3 already up to date"), "\(again.output)")
        let exported = try await CommandRunner.run(["export"], environment: env)
        #expect(exported.status == 0, "\(exported.output)")
        let copy = try UserDataExport.decode(Data(exported.output.utf8))
        #expect(copy.user.email == LocalUser.email)
        let original = try UserDataExport.decode(try Data(contentsOf: URL(fileURLWithPath: file)))
        #expect(copy.products.map(\.url) == original.products.map(\.url))
        #expect(copy.products.map(\.history.count) == original.products.map(\.history.count))
    }
}
