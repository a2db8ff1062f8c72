import Foundation
import MantisDesktop
import Testing

@Suite("Token stores without a keyring")
struct FileTokenStoreTests {
    private func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "mantis-desktop-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    private func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.posixPermissions] as! NSNumber).intValue
    }

    @Test("Saved, loaded, cleared; the file is 0600 in a 0700 directory, even under a lax umask")
    func roundTrip() throws {
        // setup
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let store = FileTokenStore(directory: "\(root)/config/mantis/tokens")
        let old = umask(0)
        defer { umask(old) }

        // MUT
        #expect(try store.load(server: "https://a.example") == nil)
        try store.save("token-a1", server: "https://a.example")
        try store.save("token-b", server: "http://b.example:8000")
        try store.save("token-a2", server: "https://a.example")

        // validate
        #expect(try store.load(server: "https://a.example") == "token-a2")
        #expect(try store.load(server: "http://b.example:8000") == "token-b")
        #expect(try mode(store.file) == 0o600)
        #expect(try mode(store.directory) == 0o700)
        let files = try FileManager.default.contentsOfDirectory(atPath: store.directory)
        #expect(files == ["refresh-tokens.json"], "no temporary file is left behind")

        try store.clear(server: "https://a.example")
        #expect(try store.load(server: "https://a.example") == nil)
        #expect(try store.load(server: "http://b.example:8000") == "token-b")
        try store.clear(server: "http://b.example:8000")
        #expect(!FileManager.default.fileExists(atPath: store.file), "the last clear removes the file")
        try store.clear(server: "http://b.example:8000")  // nothing there: no error
    }

    @Test("A directory that exists with looser permissions is made 0700")
    func tightensDirectory() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let directory = "\(root)/tokens"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o755])
        let store = FileTokenStore(directory: directory)
        try store.save("t", server: "https://a.example")
        #expect(try mode(directory) == 0o700)
    }

    @Test("A symlink in the file's place is not followed")
    func symlinkRefused() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let store = FileTokenStore(directory: "\(root)/tokens")
        try store.save("t", server: "https://a.example")
        try FileManager.default.removeItem(atPath: store.file)
        try "{\"https://a.example\": \"planted\"}".write(toFile: "\(root)/elsewhere", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: store.file, withDestinationPath: "\(root)/elsewhere")
        #expect(throws: (any Error).self) { try store.load(server: "https://a.example") }
    }

    @Test("The preferred store without a session bus is the 0600 file under the config directory")
    func preferredWithoutKeyring() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        // No session bus here: DBUS_SESSION_BUS_ADDRESS pointing nowhere makes the Secret Service unavailable.
        setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=\(root)/no-bus", 1)
        let paths = DesktopPaths(environment: ["HOME": root, "XDG_CONFIG_HOME": "\(root)/config"])
        let store = RefreshTokenStores.preferred(paths: paths)
        let file = try #require(store as? FileTokenStore)
        #expect(file.file == "\(root)/config/mantis/tokens/refresh-tokens.json")
    }
}

@Suite("Keyring first, file second")
struct FallbackTokenStoreTests {
    /// A store that fails on demand, standing in for a keyring that errors.
    final class FlakyStore: RefreshTokenStore, @unchecked Sendable {
        var tokens: [String: String] = [:]
        var failing = false
        struct Down: Error {}
        func load(server: String) throws -> String? {
            if failing { throw Down() }
            return tokens[server]
        }
        func save(_ token: String, server: String) throws {
            if failing { throw Down() }
            tokens[server] = token
        }
        func clear(server: String) throws {
            if failing { throw Down() }
            tokens[server] = nil
        }
    }

    @Test("A keyring that errors falls back to the file, and only the newest token is ever read back")
    func fallback() throws {
        let keyring = FlakyStore()
        let file = FlakyStore()
        let store = FallbackTokenStore(primary: keyring, fallback: file)
        let server = "https://a.example"

        try store.save("one", server: server)
        #expect(keyring.tokens[server] == "one" && file.tokens[server] == nil)

        keyring.failing = true
        try store.save("two", server: server)
        #expect(file.tokens[server] == "two")
        #expect(try store.load(server: server) == "two")

        keyring.failing = false
        // The keyring still holds "one" (its clear failed too); the file's newer token wins.
        #expect(try store.load(server: server) == "two")
        try store.save("three", server: server)
        #expect(keyring.tokens[server] == "three" && file.tokens[server] == nil, "a keyring save removes the file's copy")
        #expect(try store.load(server: server) == "three")

        try store.clear(server: server)
        #expect(try store.load(server: server) == nil)
        #expect(keyring.tokens.isEmpty && file.tokens.isEmpty)
    }
}
