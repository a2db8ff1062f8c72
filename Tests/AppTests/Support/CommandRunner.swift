import Foundation

/// Runs the built `mantis` executable, as a self-hoster would from a shell.
enum CommandRunner {
    struct Result: Sendable {
        let status: Int32
        let output: String
    }

    static var binary: String {
        if let path = ProcessInfo.processInfo.environment["MANTIS_BIN"] { return path }
        // Tests run from the package root; the executable is built beside the test bundle.
        let bundleDirectory = Bundle.main.bundleURL.deletingLastPathComponent()
        let candidate = bundleDirectory.appendingPathComponent("mantis").path
        return FileManager.default.isExecutableFile(atPath: candidate) ? candidate : ".build/debug/mantis"
    }

    /// The `mantis` executable with these arguments, not started: this process's environment without the
    /// settings that would point it at another database or address (or at systemd), plus `environment`.
    static func process(_ arguments: [String], environment: [String: String]) -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary.hasPrefix("/") ? binary : FileManager.default.currentDirectoryPath + "/" + binary)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for key in ["DATABASE_URL", "MANTIS_DB_PATH", "MANTIS_MODE", "JWT_SECRET_KEY", "HOST", "PORT", "NOTIFY_SOCKET"] { env[key] = nil }
        env.merge(environment) { _, new in new }
        process.environment = env
        return process
    }

    static func run(
        _ arguments: [String], environment: [String: String], in directory: String? = nil, input: String? = nil,
        timeout: TimeInterval = 60
    ) async throws -> Result {
        try await Blocking.run { try runBlocking(arguments, environment: environment, in: directory, input: input, timeout: timeout) }
    }

    private static func runBlocking(
        _ arguments: [String], environment: [String: String], in directory: String?, input: String?, timeout: TimeInterval
    ) throws -> Result {
        let process = process(arguments, environment: environment)
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        let stdin = Pipe()
        process.standardInput = input == nil ? FileHandle.nullDevice : stdin
        try process.run()
        if let input {
            stdin.fileHandleForWriting.write(Data(input.utf8))
            try stdin.fileHandleForWriting.close()
        }
        let deadline = Date().addingTimeInterval(timeout)
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        while process.isRunning, Date() < deadline { usleep(10_000) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        return Result(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }
}
