import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The guard that keeps two desktop apps off one SQLite file: an exclusive `flock` on `mantis.sqlite.lock` beside
/// the database, held for the process's life (the kernel drops it when the process ends, however it ends).
/// GtkApplication's D-Bus name already sends a second launch to the first; this covers launches that cannot see
/// that name (no session bus, another session of the same user). The holder writes its process id into the file,
/// so such a launch can still hand over: it sends the holder SIGUSR2, which brings its window to the front.
public final class SingleInstance: @unchecked Sendable {
    public let path: String
    private var descriptor: Int32

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    public static func lockPath(for paths: DesktopPaths) -> String { paths.database + ".lock" }

    public enum Outcome {
        /// This process holds the lock (and has written its pid into the file).
        case acquired(SingleInstance)
        /// Another process holds it; its pid, if the file names one.
        case heldBy(pid_t?)
    }

    /// Takes the lock without waiting.
    public static func acquire(path: String) throws -> Outcome {
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw SingleInstanceError(path: path, errno: errno) }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let reason = errno
            defer { close(descriptor) }
            guard reason == EWOULDBLOCK else { throw SingleInstanceError(path: path, errno: reason) }
            return .heldBy(readPID(descriptor))
        }
        let pid = "\(getpid())\n"
        _ = ftruncate(descriptor, 0)
        _ = pid.withCString { pwrite(descriptor, $0, strlen($0), 0) }
        return .acquired(SingleInstance(path: path, descriptor: descriptor))
    }

    private static func readPID(_ descriptor: Int32) -> pid_t? {
        var buffer = [CChar](repeating: 0, count: 32)
        let count = pread(descriptor, &buffer, 31, 0)
        guard count > 0 else { return nil }
        let text = String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Lets go once the database is closed (the file stays: removing it would race a launch that just opened it).
    public func release() {
        guard descriptor >= 0 else { return }
        flock(descriptor, LOCK_UN)
        close(descriptor)
        descriptor = -1
    }

    deinit { release() }
}

public struct SingleInstanceError: Error, CustomStringConvertible {
    public let path: String
    public let errno: Int32
    public var description: String { "cannot lock \(path): \(String(cString: strerror(errno)))" }
}
