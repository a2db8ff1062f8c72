import Foundation
import MantisDesktop
import Testing

@Suite("Server connection")
struct ServerConnectionTests {
    @Test("The connected server survives a restart as its origin; disconnecting removes it")
    func persistence() throws {
        // setup
        let root = NSTemporaryDirectory() + "mantis-desktop-tests-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: root) }
        let paths = DesktopPaths(environment: ["HOME": root, "XDG_CONFIG_HOME": "\(root)/config"])
        #expect(ServerConnection(paths: paths).serverURL == nil)

        // MUT
        let connection = ServerConnection(paths: paths)
        connection.serverURL = "https://Mantis.example.com/settings"

        // validate
        #expect(connection.serverURL == "https://mantis.example.com")
        let again = ServerConnection(paths: paths)
        #expect(again.serverURL == "https://mantis.example.com")
        #expect(again.origin == ServerOrigin(url: "https://mantis.example.com"))

        again.serverURL = nil
        #expect(ServerConnection(paths: paths).serverURL == nil)
        #expect(!FileManager.default.fileExists(atPath: again.file))
    }

    @Test("Something that is not an http(s) origin is not stored")
    func refusesOtherURLs() throws {
        let root = NSTemporaryDirectory() + "mantis-desktop-tests-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: root) }
        let paths = DesktopPaths(environment: ["HOME": root, "XDG_CONFIG_HOME": "\(root)/config"])
        let connection = ServerConnection(paths: paths)
        connection.serverURL = "file:///etc/passwd"
        #expect(connection.serverURL == nil)
        connection.serverURL = "https://me@evil.example"
        #expect(ServerConnection(paths: paths).serverURL == nil)
    }
}
