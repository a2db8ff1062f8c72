import Foundation
import SMTPTestServer
#if canImport(Glibc)
import Glibc
#endif

/// A throwaway PostgreSQL 15 cluster of a test's own, for tests that stop and start the server.
/// initdb refuses to run as root, so the cluster belongs to the `postgres` user when we are root.
final class PostgresCluster: @unchecked Sendable {
    static let binaries = "/usr/lib/postgresql/15/bin"

    let directory: String
    let port: Int

    var url: String { "postgres://postgres@127.0.0.1:\(port)/postgres" }

    init() throws {
        directory = "/tmp/mantis-pg-\(UUID().uuidString.prefix(8))"
        port = try FreePort.find()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        if getuid() == 0 { try Self.shell(["chown", "postgres:postgres", directory]) }
        try asOwner(["\(Self.binaries)/initdb", "-D", "\(directory)/data", "-A", "trust", "-U", "postgres", "--no-sync"])
        try start()
    }

    func start() throws {
        try asOwner([
            "\(Self.binaries)/pg_ctl", "-D", "\(directory)/data", "-l", "\(directory)/log", "-w", "-o",
            "-p \(port) -k \(directory) -c listen_addresses=127.0.0.1 -c fsync=off", "start",
        ])
    }

    func stop() throws {
        try asOwner(["\(Self.binaries)/pg_ctl", "-D", "\(directory)/data", "-m", "fast", "-w", "stop"])
    }

    func destroy() {
        try? stop()
        try? FileManager.default.removeItem(atPath: directory)
    }

    private func asOwner(_ command: [String]) throws {
        try Self.shell(getuid() == 0 ? ["runuser", "-u", "postgres", "--"] + command : command)
    }

    /// Runs a command and waits for it. Not `Foundation.Process`: pg_ctl leaves a daemon behind that inherits
    /// Process's exit-watching descriptor, and `waitUntilExit` then never returns. posix_spawn + waitpid do.
    static func shell(_ command: [String]) throws {
        var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = command.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        guard posix_spawnp(&pid, command[0], &actions, nil, argv, environ) == 0 else {
            throw PostgresAdminError(message: "could not start \(command[0])")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        guard status == 0 else {
            throw PostgresAdminError(message: "\(command.joined(separator: " ")) failed with status \(status)")
        }
    }
}
