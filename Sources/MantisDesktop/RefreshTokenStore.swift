import Foundation

/// Where the desktop app keeps a server's refresh token between runs (never in the page's web storage).
/// `server` is the server's origin (`ServerOrigin.description`). Calls may block (a D-Bus round trip or a file
/// write), so the token bridge makes them off the GTK thread, one at a time.
public protocol RefreshTokenStore: AnyObject {
    func load(server: String) throws -> String?
    func save(_ token: String, server: String) throws
    func clear(server: String) throws
}

public enum RefreshTokenStores {
    /// The Secret Service keyring when one is on the session bus (with the 0600 file as the fallback should it
    /// fail), else the 0600 file under `paths.configDirectory` alone.
    public static func preferred(paths: DesktopPaths) -> any RefreshTokenStore {
        let file = FileTokenStore(directory: FileTokenStore.defaultDirectory(paths: paths))
        guard SecretServiceTokenStore.serviceAvailable() else { return file }
        return FallbackTokenStore(primary: SecretServiceTokenStore(), fallback: file)
    }
}
