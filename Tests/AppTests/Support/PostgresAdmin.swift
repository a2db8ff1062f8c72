import Foundation

/// Creates and drops per-test databases on the test cluster with `psql`.
enum PostgresAdmin {
    static func createDatabase(adminURL: String) async throws -> (name: String, url: String) {
        let name = "mantis_test_\(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16))"
        try await Blocking.run { try psql(adminURL, "CREATE DATABASE \(name)") }
        return (name, databaseURL(adminURL, name: name))
    }

    static func dropDatabase(adminURL: String, name: String) async {
        _ = try? await Blocking.run { try psql(adminURL, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
    }

    /// The admin URL with its database path swapped for `name`.
    static func databaseURL(_ adminURL: String, name: String) -> String {
        var components = URLComponents(string: adminURL)!
        components.path = "/\(name)"
        return components.string!
    }

    static func psql(_ url: String, _ sql: String) throws {
        try psql(url, arguments: ["-c", sql])
    }

    /// `psql URL -v ON_ERROR_STOP=1 -q ARGUMENTS` (`-c SQL`, `-f FILE`): what it printed, throwing with psql's errors.
    @discardableResult
    static func psql(_ url: String, arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["psql", url, "-v", "ON_ERROR_STOP=1", "-q"] + arguments
        let output = Pipe()
        // Errors to a file, so neither pipe can fill up while the other is read.
        let errors = FileManager.default.temporaryDirectory.appendingPathComponent("psql-\(UUID().uuidString).err")
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errors) }
        process.standardError = try FileHandle(forWritingTo: errors)
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw PostgresAdminError(message: "psql failed: \((try? String(contentsOf: errors, encoding: .utf8)) ?? "")")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// What `psql -At -c SQL` prints (unaligned, tuples only).
    static func psqlOutput(_ url: String, _ sql: String) throws -> String {
        try psql(url, arguments: ["-At", "-c", sql])
    }
}

struct PostgresAdminError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
