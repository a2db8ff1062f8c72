@testable import App
import AsyncHTTPClient
import Foundation
import NIOHTTP1
import SMTPTestServer
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `Type=notify`: `mantis serve` says READY=1 on NOTIFY_SOCKET once it listens, STOPPING=1 when it stops, and
/// SIGTERM ends it with status 0.
@Suite("systemd readiness", .serialized, .timeLimit(.minutes(2)))
struct SystemdNotifyTests {
    /// A bound Unix datagram socket standing in for systemd's.
    final class NotifySocket: @unchecked Sendable {  // one test thread owns it
        let path: String
        let descriptor: Int32

        init() throws {
            path = FileManager.default.temporaryDirectory.appendingPathComponent("mantis-notify-\(UUID().uuidString.prefix(8))").path
            descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            let bytes = Array(path.utf8)
            withUnsafeMutableBytes(of: &address.sun_path) { buffer in
                for (index, byte) in bytes.enumerated() { buffer[index] = byte }
            }
            let bound = withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
                }
            }
            guard descriptor >= 0, bound == 0 else { throw TestSetupError.noPort }
            var timeout = timeval(tv_sec: 1, tv_usec: 0)
            setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        }

        /// The next datagram, waiting up to `seconds`.
        func receive(within seconds: Int) -> String? {
            var buffer = [UInt8](repeating: 0, count: 4096)
            for _ in 0..<seconds {
                let count = recv(descriptor, &buffer, buffer.count, 0)
                if count > 0 { return String(decoding: buffer[0..<count], as: UTF8.self) }
            }
            return nil
        }

        deinit {
            close(descriptor)
            unlink(path)
        }
    }

    @Test("The notifier does nothing without NOTIFY_SOCKET and delivers to a path or fails cleanly")
    func notifier() throws {
        #expect(SystemdNotifier(environment: [:]).notify("READY=1") == false)
        let socket = try NotifySocket()
        #expect(SystemdNotifier(environment: ["NOTIFY_SOCKET": socket.path]).notify("READY=1"))
        #expect(socket.receive(within: 2) == "READY=1")
        #expect(SystemdNotifier(environment: ["NOTIFY_SOCKET": "/nonexistent/notify"]).notify("READY=1") == false)
    }

    @Test("mantis serve sends READY=1 once it answers, STOPPING=1 on SIGTERM, and exits 0")
    func serveNotifies() async throws {
        let socket = try NotifySocket()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mantis-notify-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let port = try FreePort.find()
        let process = CommandRunner.process(["serve", "--port", "\(port)"], environment: [
            "NOTIFY_SOCKET": socket.path, "MANTIS_DB_PATH": directory.appendingPathComponent("m.sqlite").path,
            "REFRESH_SCHEDULER": "false", "BCRYPT_COST": "4", "FETCH_RENDER": "never", "LOG_LEVEL": "warning",
        ])
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.terminate() } }

        let ready = try #require(socket.receive(within: 60))
        #expect(ready.hasPrefix("READY=1"))
        // Ready means listening: /health answers at once.
        let health = try await HTTPClient.shared.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)/health"), timeout: .seconds(10))
        #expect(health.status == .ok)

        kill(process.processIdentifier, SIGTERM)
        #expect(socket.receive(within: 20) == "STOPPING=1")
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0)
    }

    @Test("WATCHDOG_USEC: half the interval, only for the process WATCHDOG_PID names")
    func watchdogInterval() {
        #expect(SystemdReadinessLifecycle.watchdogInterval(environment: [:]) == nil)
        #expect(SystemdReadinessLifecycle.watchdogInterval(environment: ["WATCHDOG_USEC": "30000000"]) == .seconds(15))
        #expect(SystemdReadinessLifecycle.watchdogInterval(environment: ["WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "1"], pid: 42) == nil)
        #expect(SystemdReadinessLifecycle.watchdogInterval(environment: ["WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "42"], pid: 42) == .seconds(15))
        #expect(SystemdReadinessLifecycle.watchdogInterval(environment: ["WATCHDOG_USEC": "0"]) == nil)
        #expect(SystemdReadinessLifecycle.watchdogInterval(environment: ["WATCHDOG_USEC": "soon"]) == nil)
    }

    @Test("Under a watchdog, mantis serve sends WATCHDOG=1 after READY=1, every half interval")
    func serveFeedsWatchdog() async throws {
        let socket = try NotifySocket()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mantis-watchdog-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try await ServeProcess(environment: [
            "NOTIFY_SOCKET": socket.path, "WATCHDOG_USEC": "600000", "MANTIS_DB_PATH": directory.appendingPathComponent("m.sqlite").path,
            "REFRESH_SCHEDULER": "false", "LOG_LEVEL": "warning",
        ])
        #expect(try #require(socket.receive(within: 60)).hasPrefix("READY=1"))
        #expect(socket.receive(within: 3) == "WATCHDOG=1")
        let first = Date()
        #expect(socket.receive(within: 3) == "WATCHDOG=1")
        // Pings about 0.3 s apart: well under the 0.6 s watchdog, not a burst. (The first may follow READY=1 at
        // once, so the gap is measured between two pings.)
        #expect(Date().timeIntervalSince(first) > 0.2)
        kill(server.process.processIdentifier, SIGTERM)
        var last: String?
        while let next = socket.receive(within: 10) {
            last = next
            if next == "STOPPING=1" { break }
        }
        #expect(last == "STOPPING=1")
        #expect(try await server.stop(within: 20) == 0)
    }
}
