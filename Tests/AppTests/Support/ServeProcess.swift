import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SMTPTestServer
#if canImport(Glibc)
import Glibc
#endif

/// `mantis serve` as its own process on a free port, for tests of what only a real process shows: signals,
/// exit status, files left behind.
final class ServeProcess: @unchecked Sendable {  // one test owns it
    let process: Process
    let port: Int
    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Starts it and waits until `/health` answers.
    init(environment: [String: String], log: URL? = nil) async throws {
        port = try FreePort.find()
        process = CommandRunner.process(["serve", "--port", "\(port)"], environment: [
            "BCRYPT_COST": "4", "FETCH_RENDER": "never", "LOG_LEVEL": "info",
            "AUTH_RATE_LIMIT_PER_IP": "0", "LOGIN_RATE_LIMIT_PER_ACCOUNT": "0",
        ].merging(environment) { _, new in new })
        if let log {
            _ = FileManager.default.createFile(atPath: log.path, contents: nil)
            let handle = try FileHandle(forWritingTo: log)
            handle.seekToEndOfFile()
            process.standardOutput = handle
            process.standardError = handle
        } else {
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
        }
        try process.run()
        for _ in 0..<300 {
            if (try? await HTTPClient.shared.execute(HTTPClientRequest(url: baseURL + "/health"), timeout: .seconds(2)))?.status == .ok {
                return
            }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        process.terminate()
        throw TestSetupError.timeout("mantis serve did not answer /health")
    }

    /// Sends `signal` and waits (without blocking a thread) up to `seconds` for the exit; nil if it never came.
    func stop(signal: Int32 = SIGTERM, within seconds: Double = 60) async throws -> Int32? {
        kill(process.processIdentifier, signal)
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning, Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
        guard !process.isRunning else {
            kill(process.processIdentifier, SIGKILL)
            return nil
        }
        return process.terminationReason == .exit ? process.terminationStatus : 128 + process.terminationStatus
    }

    /// A JSON call; the decoded object (empty when the body is not one) and the status.
    func call(_ method: HTTPMethod, _ path: String, _ body: [String: Any]? = nil, token: String? = nil) async throws
        -> (status: HTTPResponseStatus, json: [String: Any])
    {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        request.headers.add(name: "Content-Type", value: "application/json")
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let body { request.body = .bytes(ByteBuffer(data: try JSONSerialization.data(withJSONObject: body))) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 1 << 22)
        let json = (try? JSONSerialization.jsonObject(with: Data(bytes.readableBytesView)) as? [String: Any]) ?? [:]
        return (response.status, json)
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}
