import Foundation

/// The Mantis web server the desktop app is connected to, if any: `$XDG_CONFIG_HOME/mantis/server.json`,
/// `{"server_url": "https://mantis.example.com"}`. Connected, the window shows that server's web app instead of
/// the local data (which stays as it is); disconnected, the file is gone. The URL is always an origin
/// (`ServerOrigin.description`): the web app lives at the server's root.
public final class ServerConnection: @unchecked Sendable {
    public let file: String
    private let lock = NSLock()
    private var current: String?

    private struct Stored: Codable {
        var serverURL: String
        enum CodingKeys: String, CodingKey { case serverURL = "server_url" }
    }

    public init(paths: DesktopPaths) {
        file = "\(paths.configDirectory)/server.json"
        current = Self.read(file)
    }

    /// Persisted on every set; a value that is not an http(s) origin is stored as nil. Setting nil disconnects.
    public var serverURL: String? {
        get { lock.withLock { current } }
        set {
            let origin = newValue.flatMap(ServerOrigin.init(url:))?.description
            lock.withLock {
                current = origin
                Self.write(origin, to: file)
            }
        }
    }

    /// The connected server's origin, for the bridge's same-origin rule.
    public var origin: ServerOrigin? {
        serverURL.flatMap(ServerOrigin.init(url:))
    }

    private static func read(_ file: String) -> String? {
        guard let data = FileManager.default.contents(atPath: file),
              let stored = try? JSONDecoder().decode(Stored.self, from: data)
        else { return nil }
        return ServerOrigin(url: stored.serverURL)?.description
    }

    private static func write(_ url: String?, to file: String) {
        guard let url else {
            try? FileManager.default.removeItem(atPath: file)
            return
        }
        let directory = (file as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        guard let data = try? JSONEncoder().encode(Stored(serverURL: url)) else { return }
        try? data.write(to: URL(fileURLWithPath: file), options: .atomic)
    }
}
