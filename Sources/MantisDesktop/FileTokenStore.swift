import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Refresh tokens in a file only the user can read, for machines without a Secret Service keyring:
/// `<directory>/refresh-tokens.json` (mode 0600) in a directory of mode 0700, one token per server origin.
/// Written to a temporary file of mode 0600 and renamed over the old one, so a crash leaves one or the other.
public final class FileTokenStore: RefreshTokenStore, @unchecked Sendable {
    public let directory: String
    public var file: String { "\(directory)/refresh-tokens.json" }

    public init(directory: String) {
        self.directory = directory
    }

    /// `$XDG_CONFIG_HOME/mantis/tokens`.
    public static func defaultDirectory(paths: DesktopPaths) -> String {
        "\(paths.configDirectory)/tokens"
    }

    public enum Failure: Error, CustomStringConvertible {
        case io(String, Int32)
        case unreadable(String)

        public var description: String {
            switch self {
            case .io(let what, let code): "\(what): \(String(cString: strerror(code)))"
            case .unreadable(let path): "\(path) is not a token file this app wrote"
            }
        }
    }

    public func load(server: String) throws -> String? {
        try read()[server]
    }

    public func save(_ token: String, server: String) throws {
        var tokens = try read()
        tokens[server] = token
        try write(tokens)
    }

    public func clear(server: String) throws {
        var tokens = try read()
        guard tokens.removeValue(forKey: server) != nil else { return }
        if tokens.isEmpty {
            guard unlink(file) == 0 || errno == ENOENT else { throw Failure.io("removing \(file)", errno) }
        } else {
            try write(tokens)
        }
    }

    private func read() throws -> [String: String] {
        // O_NOFOLLOW: a symlink planted in our place is not followed to someone else's file.
        let fd = open(file, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return [:] }
            throw Failure.io("opening \(file)", errno)
        }
        defer { close(fd) }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = Glibc.read(fd, &buffer, buffer.count)
            if count < 0 {
                if errno == EINTR { continue }
                throw Failure.io("reading \(file)", errno)
            }
            if count == 0 { break }
            data.append(buffer, count: count)
        }
        if data.isEmpty { return [:] }
        guard let tokens = try? JSONDecoder().decode([String: String].self, from: data) else {
            throw Failure.unreadable(file)
        }
        return tokens
    }

    private func write(_ tokens: [String: String]) throws {
        try makeDirectory()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(tokens)
        let temporary = "\(file).\(getpid()).tmp"
        unlink(temporary)
        // 0600 from the start (O_EXCL, explicit mode), whatever the umask: the token is never readable by others,
        // not even for a moment.
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw Failure.io("creating \(temporary)", errno) }
        var written = 0
        let result: Int32 = data.withUnsafeBytes { bytes in
            while written < bytes.count {
                let count = Glibc.write(fd, bytes.baseAddress! + written, bytes.count - written)
                if count < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                written += count
            }
            return fsync(fd) == 0 ? 0 : errno
        }
        fchmod(fd, 0o600)
        close(fd)
        guard result == 0 else {
            unlink(temporary)
            throw Failure.io("writing \(temporary)", result)
        }
        guard rename(temporary, file) == 0 else {
            let code = errno
            unlink(temporary)
            throw Failure.io("renaming \(temporary)", code)
        }
    }

    /// The directory and its parents, the last one 0700 (and made 0700 again if it was not).
    private func makeDirectory() throws {
        var path = ""
        for component in directory.split(separator: "/", omittingEmptySubsequences: true) {
            path += "/\(component)"
            if mkdir(path, path == directory ? 0o700 : 0o755) != 0 && errno != EEXIST {
                throw Failure.io("creating \(path)", errno)
            }
        }
        var info = stat()
        guard lstat(directory, &info) == 0 else { throw Failure.io("reading \(directory)", errno) }
        guard (info.st_mode & S_IFMT) == S_IFDIR else { throw Failure.unreadable(directory) }
        if info.st_mode & 0o777 != 0o700, chmod(directory, 0o700) != 0 {
            throw Failure.io("securing \(directory)", errno)
        }
    }
}
