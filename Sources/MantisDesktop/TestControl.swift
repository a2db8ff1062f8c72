import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// TEST-ONLY: with `MANTIS_DESKTOP_TEST_CONTROL=/path/to/socket` the app listens on that Unix socket (mode 0600)
/// for one JSON request per line and answers each with one JSON line, so the tests in Tests/desktop can drive
/// the window without WebDriver: evaluate JavaScript in the page, take a snapshot of the web view, read the
/// server's port and the window's state, close the window, quit. Unset (always, outside the tests) nothing
/// listens. Requests are answered one at a time, on the GTK thread (`handle` runs there).
final class TestControl: @unchecked Sendable {
    typealias Reply = @Sendable ([String: any Sendable]) -> Void
    private let path: String
    private let handle: @Sendable (_ request: [String: any Sendable], _ reply: @escaping Reply) -> Void
    private var listener: Int32 = -1

    init(
        path: String, handle: @escaping @Sendable (_ request: [String: any Sendable], _ reply: @escaping Reply) -> Void
    ) {
        self.path = path
        self.handle = handle
    }

    func start() throws {
        unlink(path)
        let socketDescriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard socketDescriptor >= 0 else { throw DesktopWindowError(message: "test control: socket() failed") }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard path.utf8.count < capacity else {
            throw DesktopWindowError(message: "test control: socket path too long")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            buffer.copyBytes(from: Array(path.utf8) + [0])
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socketDescriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard bound == 0, chmod(path, 0o600) == 0, listen(socketDescriptor, 4) == 0 else {
            close(socketDescriptor)
            throw DesktopWindowError(
                message: "test control: cannot listen on \(path): \(String(cString: strerror(errno)))")
        }
        listener = socketDescriptor
        let thread = Thread { [self] in serve(socketDescriptor) }
        thread.name = "mantis-desktop test control"
        thread.start()
    }

    func stop() {
        unlink(path)
    }

    private func serve(_ listener: Int32) {
        while true {
            let connection = accept(listener, nil, nil)
            if connection < 0 {
                if errno == EINTR { continue }
                return
            }
            var pending = [UInt8]()
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let count = read(connection, &buffer, buffer.count)
                if count <= 0 { break }
                pending += buffer[0..<count]
                while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                    let line = Data(pending[..<newline])
                    pending.removeSubrange(...newline)
                    var answer = answer(to: line)
                    answer.append(UInt8(ascii: "\n"))
                    _ = answer.withUnsafeBytes { write(connection, $0.baseAddress, $0.count) }
                }
            }
            close(connection)
        }
    }

    private func answer(to line: Data) -> Data {
        guard let object = try? JSONSerialization.jsonObject(with: line) as? [String: Any] else {
            return Self.encode(["ok": false, "error": "expected one JSON object per line"])
        }
        let request = object.mapValues { Self.sendable($0) }
        let done = DispatchSemaphore(value: 0)
        let result = ResultBox()
        let handle = self.handle
        GLibMain.async {
            handle(request) { reply in
                result.value = reply
                done.signal()
            }
        }
        done.wait()
        return Self.encode(result.value)
    }

    private final class ResultBox: @unchecked Sendable {
        var value: [String: any Sendable] = [:]
    }

    private static func sendable(_ value: Any) -> any Sendable {
        switch value {
        case let text as String: return text
        case let number as NSNumber: return number.doubleValue
        default: return "\(value)"
        }
    }

    private static func encode(_ object: [String: Any]) -> Data {
        (try? JSONSerialization.data(withJSONObject: object, options: [.fragmentsAllowed]))
            ?? Data("{\"ok\":false}".utf8)
    }
}
