import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A real SMTP server for tests: `smtp_server.py` (aiosmtpd) run with python3. A library of its own so the
/// SMTP client's tests and the app's email tests share it; only test targets depend on it.
///
/// Use it through ``withTestSMTPServer(_:_:)``, which always stops the process. The server also
/// stops by itself when its stdin closes, so even a crashed test run leaves nothing behind.
public final class TestSMTPServer: @unchecked Sendable {
    /// What the server received, read from the JSON file it wrote for the message.
    public struct ReceivedMessage: Decodable, Sendable {
        public var mailFrom: String
        public var rcptTos: [String]
        public var mailOptions: [String]
        public var contentBase64: String
        public var tls: Bool
        public var authenticatedAs: String?

        public var content: Data { Data(base64Encoded: contentBase64) ?? Data() }
        public var contentText: String { String(decoding: content, as: UTF8.self) }
    }

    public static let username = "mantis"
    public static let password = "correct horse battery staple"

    public let port: Int
    public let directory: URL
    private let process: Process
    private let stdin: Pipe

    /// The server's self-signed certificate (TLS modes only).
    public var certificatePath: String { directory.appendingPathComponent("cert.pem").path }

    private init(port: Int, directory: URL, process: Process, stdin: Pipe) {
        self.port = port
        self.directory = directory
        self.process = process
        self.stdin = stdin
    }

    /// Starts the server with the script's flags (`--tls starttls`, `--auth login`, `--reject a@b` …)
    /// and waits for the port it prints.
    public static func start(_ arguments: [String]) async throws -> TestSMTPServer {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("mantis-smtp-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)

        let process = Process()
        process.executableURL = try pythonExecutable()
        process.arguments = [try scriptPath(), "--dir", directory.path] + arguments
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        let stderrPath = directory.appendingPathComponent("server-stderr.log")
        _ = FileManager.default.createFile(atPath: stderrPath.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: stderrPath)
        try process.run()

        let line = await readFirstLine(of: stdout.fileHandleForReading, orKill: process, within: 30)
        guard let line, let port = Int(line) else {
            kill(process.processIdentifier, SIGKILL)
            let stderr = (try? String(contentsOf: stderrPath, encoding: .utf8)) ?? ""
            try? FileManager.default.removeItem(at: directory)
            throw ServerDidNotStart(output: line ?? "(nothing)", stderr: stderr)
        }
        return TestSMTPServer(port: port, directory: directory, process: process, stdin: stdin)
    }

    /// Stops the process and removes its files. Safe to call twice. Never blocks a thread: with many
    /// tests in parallel the cooperative pool has no thread to spare for `waitUntilExit`.
    public func stop() async {
        if process.isRunning {
            try? stdin.fileHandleForWriting.close()
            process.terminate()
            for _ in 0..<40 where process.isRunning {
                try? await Task.sleep(for: .milliseconds(50))
            }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        try? FileManager.default.removeItem(at: directory)
    }

    /// Every message accepted so far, oldest first. A file that can't be read fails the test.
    public func messages() -> [ReceivedMessage] {
        let folder = directory.appendingPathComponent("messages")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return names.filter { $0.hasSuffix(".json") }.sorted().compactMap { name in
            do {
                return try decoder.decode(
                    ReceivedMessage.self, from: Data(contentsOf: folder.appendingPathComponent(name)))
            } catch {
                // A half-written file is read on the next call.
                return nil
            }
        }
    }

    /// Every command the server saw (`EHLO`, `STARTTLS`, `MAIL a@b`, `RCPT c@d`, `DATA` …).
    public func events() -> [String] {
        let text = (try? String(contentsOf: directory.appendingPathComponent("events.log"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map(String.init)
    }

    // MARK: - Finding python3 and the script

    struct ServerDidNotStart: Error, CustomStringConvertible {
        var output: String
        var stderr: String
        var description: String {
            "smtp_server.py did not start (needs `python3 -m pip install aiosmtpd`). stdout: \(output)\nstderr: \(stderr)"
        }
    }

    struct PythonNotFound: Error, CustomStringConvertible {
        var description: String { "python3 not found: put it on PATH or set MANTIS_TEST_PYTHON" }
    }

    /// `MANTIS_TEST_PYTHON` if set, else the first `python3` on `PATH`.
    static func pythonExecutable() throws -> URL {
        let environment = ProcessInfo.processInfo.environment
        if let explicit = environment["MANTIS_TEST_PYTHON"], !explicit.isEmpty {
            return URL(fileURLWithPath: explicit)
        }
        for folder in (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent("python3")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        throw PythonNotFound()
    }

    static func scriptPath() throws -> String {
        guard let url = Bundle.module.url(forResource: "smtp_server", withExtension: "py") else {
            throw ServerDidNotStart(output: "", stderr: "smtp_server.py is missing from the SMTPTestServer bundle")
        }
        return url.path
    }

    /// Reads stdout up to the first newline off the cooperative pool; kills the process if it
    /// says nothing in time, which ends the read with whatever came so far.
    private static func readFirstLine(of handle: FileHandle, orKill process: Process, within seconds: Double) async
        -> String?
    {
        let watchdog = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds, execute: watchdog)
        defer { watchdog.cancel() }
        return await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                var bytes = Data()
                while true {
                    let chunk = handle.availableData  // Empty at end of file.
                    if chunk.isEmpty { break }
                    bytes.append(chunk)
                    if bytes.contains(UInt8(ascii: "\n")) { break }
                }
                let text = String(decoding: bytes, as: UTF8.self)
                let line = text.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init)
                continuation.resume(returning: bytes.isEmpty ? nil : line?.trimmingCharacters(in: .whitespaces))
            }
        }
    }
}

/// Runs `body` against a fresh server and stops the server afterwards, whether `body` throws or not.
public func withTestSMTPServer<T>(
    _ arguments: [String] = [],
    _ body: (TestSMTPServer) async throws -> T
) async throws -> T {
    let server = try await TestSMTPServer.start(arguments)
    do {
        let result = try await body(server)
        await server.stop()
        return result
    } catch {
        await server.stop()
        throw error
    }
}
