import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Why the browser could not be had.
enum ChromiumBrowserError: Error, Sendable, CustomStringConvertible {
    case executableNotFound
    case launchFailed(String)
    case launchTimedOut
    case shutDown

    var description: String {
        switch self {
        case .executableNotFound: return "no chromium, chromium-browser or google-chrome on PATH"
        case .launchFailed(let reason): return "chromium launch failed: \(reason)"
        case .launchTimedOut: return "chromium did not print its DevTools URL in time"
        case .shutDown: return "browser was shut down"
        }
    }
}

/// Owns one headless Chromium process and the CDP connection to its browser target.
///
/// `connection()` hands out the live connection, launching Chromium first when there is none or
/// when the process died / the socket closed, so a crash costs one failed render, not all later
/// ones. Concurrent callers during a launch share that one launch.
actor ChromiumBrowser {
    private struct Instance {
        let process: Process
        let connection: CDPConnection
        let profileDirectory: URL

        var isAlive: Bool { process.isRunning && !connection.isClosed }
    }

    private let executablePath: String?
    private let extraArguments: [String]
    private let launchTimeout: Duration
    private let eventLoopGroup: any EventLoopGroup
    private let logger: Logger

    private var instance: Instance?
    private var launching: Task<CDPConnection, any Error>?
    private var isShutDown = false

    /// - Parameters:
    ///   - executablePath: Chromium binary; nil picks `findExecutable()`.
    ///   - extraArguments: appended to the standard flags.
    ///   - launchTimeout: how long to wait for `DevTools listening on ws://...`.
    init(
        executablePath: String? = nil,
        extraArguments: [String] = [],
        launchTimeout: Duration = .seconds(15),
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "mantis.render.chromium")
    ) {
        self.executablePath = executablePath
        self.extraArguments = extraArguments
        self.launchTimeout = launchTimeout
        self.eventLoopGroup = eventLoopGroup
        self.logger = logger
    }

    /// Without `shutdown()`, Chromium would outlive this object (and this process); kill it.
    deinit {
        if let instance {
            instance.connection.close()
            Self.signal(instance.process, SIGKILL)
            Self.removeProfile(instance.profileDirectory)
        }
    }

    /// First of `chromium`, `chromium-browser`, `google-chrome` that is an executable on PATH.
    static func findExecutable() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        let directories = path.split(separator: ":").map(String.init)
        for name in ["chromium", "chromium-browser", "google-chrome"] {
            for directory in directories where !directory.isEmpty {
                let candidate = (directory as NSString).appendingPathComponent(name)
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
        }
        return nil
    }

    /// The flags every launch uses (the profile directory is added per launch).
    static let standardArguments = [
        "--headless=new",
        "--disable-gpu",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-extensions",
        "--disable-background-networking",
        "--disable-sync",
        "--metrics-recording-only",
        "--mute-audio",
        "--disable-breakpad",
        "--disable-component-update",
        "--disable-domain-reliability",
        "--no-pings",
        "--remote-debugging-port=0",
        // Defence in depth for the SSRF guard (see ChromiumRenderer): no WebRTC UDP outside a
        // proxy (and the per-page proxy is a dead end), no QUIC, no prerendering.
        "--webrtc-ip-handling-policy=disable_non_proxied_udp",
        "--disable-quic",
        "--disable-features=Prerender2",
        "--disable-dev-shm-usage",
        // A tab the browser considers in the background has its timers throttled (a `setTimeout(…, 200)`
        // that writes the price fired only after the settle had ended); Puppeteer turns these off too.
        "--disable-background-timer-throttling",
        "--disable-renderer-backgrounding",
        "--disable-backgrounding-occluded-windows",
    ]

    /// Chromium refuses its sandbox when run as root (a container, a test machine); a server running Mantis as
    /// its own user (the systemd unit's `DynamicUser`) keeps the sandbox.
    static var sandboxArguments: [String] { getuid() == 0 ? ["--no-sandbox"] : [] }

    /// The live CDP connection to the browser target, (re)launching Chromium when needed.
    func connection() async throws -> CDPConnection {
        if isShutDown { throw ChromiumBrowserError.shutDown }
        if let instance {
            if instance.isAlive { return instance.connection }
            logger.warning("chromium is gone, relaunching", metadata: ["pid": "\(instance.process.processIdentifier)"])
            await discard(instance)
        }
        if let launching { return try await launching.value }
        let task = Task { try await self.launch() }
        launching = task
        defer { launching = nil }
        return try await task.value
    }

    /// Process id of the running browser, if any (tests use it to kill Chromium behind our back).
    var processIdentifier: Int32? {
        guard let instance, instance.process.isRunning else { return nil }
        return instance.process.processIdentifier
    }

    /// Kills the browser if `connection` is still its current connection. Used when Chromium
    /// stops answering; an already relaunched browser is left alone.
    func forceRestart(ifCurrent connection: CDPConnection, reason: String) async {
        guard let instance, instance.connection === connection else { return }
        logger.error("killing unresponsive chromium", metadata: ["reason": "\(reason)"])
        await discard(instance)
    }

    /// SIGKILLs the browser as a crash would; the next `connection()` relaunches.
    func terminateForTesting() async {
        guard let instance else { return }
        await discard(instance)
    }

    /// Closes Chromium (politely, then by force) and removes its temporary profile. Further
    /// `connection()` calls fail.
    func shutdown() async {
        isShutDown = true
        launching?.cancel()
        guard let instance else { return }
        self.instance = nil
        _ = try? await withDeadline(.seconds(2)) {
            try await instance.connection.send("Browser.close")
        }
        instance.connection.close()
        if instance.process.isRunning { instance.process.terminate() }
        if await !Self.waitForExit(instance.process, within: .seconds(3)) {
            Self.signal(instance.process, SIGKILL)
            _ = await Self.waitForExit(instance.process, within: .seconds(2))
        }
        await Self.removeProfileEventually(instance.profileDirectory)
    }

    // MARK: - Launch

    private func launch() async throws -> CDPConnection {
        guard let executable = executablePath ?? Self.findExecutable() else {
            throw ChromiumBrowserError.executableNotFound
        }
        let profile = FileManager.default.temporaryDirectory
            .appendingPathComponent("mantis-chromium-\(UUID().uuidString)", isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: profile, withIntermediateDirectories: true)
            try Self.writePreferences(into: profile)
        } catch {
            throw ChromiumBrowserError.launchFailed("cannot create profile directory: \(error)")
        }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = Self.standardArguments + Self.sandboxArguments + extraArguments
            + ["--user-data-dir=\(profile.path)", "about:blank"]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        let stderr = Pipe()
        process.standardError = stderr
        

        do {
            try process.run()
        } catch {
            Self.removeProfile(profile)
            throw ChromiumBrowserError.launchFailed("cannot start \(executable): \(error)")
        }
        let reader = DevToolsURLReader(pipe: stderr)
        logger.info("launched chromium", metadata: ["pid": "\(process.processIdentifier)"])

        do {
            let url = try await reader.devToolsURL(timeout: launchTimeout)
            let connection = try await CDPConnection.connect(to: url, on: eventLoopGroup, logger: logger)
            if isShutDown {
                connection.close()
                throw ChromiumBrowserError.shutDown
            }
            instance = Instance(process: process, connection: connection, profileDirectory: profile)
            return connection
        } catch {
            Self.signal(process, SIGKILL)
            _ = await Self.waitForExit(process, within: .seconds(2))
            await Self.removeProfileEventually(profile)
            if let error = error as? ChromiumBrowserError { throw error }
            throw ChromiumBrowserError.launchFailed(String(describing: error))
        }
    }

    /// Profile preferences Chromium reads at start; the per-page browser contexts inherit them.
    /// `network_prediction_options: 2` ("never") turns off speculation-rules prefetch, which
    /// Chromium issues from the browser process, outside the page's Fetch interception.
    private static func writePreferences(into profile: URL) throws {
        let directory = profile.appendingPathComponent("Default", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let preferences = #"{"net": {"network_prediction_options": 2}}"#
        try Data(preferences.utf8).write(to: directory.appendingPathComponent("Preferences"))
    }

    private func discard(_ old: Instance) async {
        if instance?.connection === old.connection { instance = nil }
        old.connection.close()
        Self.signal(old.process, SIGKILL)
        _ = await Self.waitForExit(old.process, within: .seconds(2))
        await Self.removeProfileEventually(old.profileDirectory)
    }

    /// Foundation starts the child as leader of its own process group, so SIGKILL goes to the
    /// whole group: renderer and GPU helpers die with the browser instead of lingering.
    private static func signal(_ process: Process, _ signal: Int32) {
        guard process.isRunning else { return }
        let pid = process.processIdentifier
        if signal == SIGKILL && getpgid(pid) == pid {
            _ = kill(-pid, signal)
        } else {
            _ = kill(pid, signal)
        }
    }

    /// Polls instead of `waitUntilExit()`, which would block a cooperative thread.
    private static func waitForExit(_ process: Process, within limit: Duration) async -> Bool {
        let clock = ContinuousClock()
        let end = clock.now.advanced(by: limit)
        while process.isRunning {
            if clock.now >= end { return false }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return true
    }

    private static func removeProfile(_ directory: URL) {
        try? FileManager.default.removeItem(at: directory)
    }

    /// Chromium's helper processes can outlive the browser process by a moment and write into
    /// the profile meanwhile, so a single removal may leave a directory behind.
    private static func removeProfileEventually(_ directory: URL) async {
        for _ in 0..<10 {
            removeProfile(directory)
            if !FileManager.default.fileExists(atPath: directory.path) { return }
            try? await Task.sleep(for: .milliseconds(200))
        }
    }
}

/// Reads Chromium's stderr until `DevTools listening on ws://...`, then keeps draining it so a
/// chatty Chromium never blocks on a full pipe.
private final class DevToolsURLReader: Sendable {
    private struct State {
        var buffer = Data()
        var found = false
        var recentLines: [String] = []
        var continuation: CheckedContinuation<String, any Error>?
        var result: Result<String, any Error>?
    }

    private let state = NIOLockedValueBox(State())

    /// `pipe` is Chromium's stderr. A dedicated thread does blocking reads until EOF (Chromium's
    /// exit): `FileHandle.readabilityHandler` crashed libdispatch here when the pipe hit EOF.
    init(pipe: Pipe) {
        let handle = pipe.fileHandleForReading
        Thread.detachNewThread { [self] in
            let descriptor = handle.fileDescriptor
            var chunk = [UInt8](repeating: 0, count: 16 * 1024)
            while true {
                let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                if count > 0 {
                    self.consume(Data(chunk[0..<count]))
                } else if count < 0 && errno == EINTR {
                    continue
                } else {
                    break
                }
            }
            self.finish(.failure(ChromiumBrowserError.launchFailed(self.exitSummary())))
            try? handle.close()
        }
    }

    func devToolsURL(timeout: Duration) async throws -> String {
        let timer = Task { [weak self] in
            try await Task.sleep(for: timeout)
            self?.finish(.failure(ChromiumBrowserError.launchTimedOut))
        }
        defer { timer.cancel() }
        return try await withCheckedThrowingContinuation { continuation in
            let ready = state.withLockedValue { state -> Result<String, any Error>? in
                if let result = state.result { return result }
                state.continuation = continuation
                return nil
            }
            if let ready { continuation.resume(with: ready) }
        }
    }

    private func consume(_ data: Data) {
        let url: String? = state.withLockedValue { state in
            if state.found { return nil }  // just draining
            state.buffer.append(data)
            while let newline = state.buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: state.buffer[state.buffer.startIndex..<newline], as: UTF8.self)
                state.buffer.removeSubrange(state.buffer.startIndex...newline)
                if let range = line.range(of: "DevTools listening on ") {
                    state.found = true
                    state.buffer = Data()
                    return String(line[range.upperBound...]).trimmingCharacters(in: .whitespaces)
                }
                state.recentLines.append(line)
                if state.recentLines.count > 5 { state.recentLines.removeFirst() }
            }
            return nil
        }
        if let url { finish(.success(url)) }
    }

    private func exitSummary() -> String {
        let lines = state.withLockedValue { $0.recentLines }
        return "chromium exited before DevTools was ready" + (lines.isEmpty ? "" : ": " + lines.joined(separator: " | "))
    }

    private func finish(_ result: Result<String, any Error>) {
        let continuation = state.withLockedValue { state -> CheckedContinuation<String, any Error>? in
            if state.result != nil { return nil }
            state.result = result
            defer { state.continuation = nil }
            return state.continuation
        }
        continuation?.resume(with: result)
    }
}
