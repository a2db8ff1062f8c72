import Foundation
import MantisDesktop
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite("Desktop shell: links, settings, geometry, the instance lock")
struct DesktopShellTests {
    private func temporaryPaths() -> (root: String, paths: DesktopPaths) {
        let root = NSTemporaryDirectory() + "mantis-desktop-shell-" + UUID().uuidString
        return (
            root,
            DesktopPaths(environment: [
                "HOME": root, "XDG_CONFIG_HOME": "\(root)/config", "XDG_DATA_HOME": "\(root)/data",
            ])
        )
    }

    @Test("The app's own origin loads in the window; other origins go to the browser; other schemes nowhere")
    func links() {
        let app = ServerOrigin(url: "http://127.0.0.1:43123")
        #expect(
            ExternalLinks.decide(url: "http://127.0.0.1:43123/product/1", appOrigin: app, newWindow: false) == .follow)
        #expect(
            ExternalLinks.decide(url: "http://127.0.0.1:43123/settings", appOrigin: app, newWindow: true) == .follow)
        // Another port of loopback is another origin (another server).
        #expect(
            ExternalLinks.decide(url: "http://127.0.0.1:8000/", appOrigin: app, newWindow: false) == .openExternally)
        #expect(
            ExternalLinks.decide(url: "https://shop.example/kettle", appOrigin: app, newWindow: true) == .openExternally
        )
        #expect(
            ExternalLinks.decide(url: "mailto:someone@example.com", appOrigin: app, newWindow: false) == .openExternally
        )
        #expect(ExternalLinks.decide(url: "file:///etc/passwd", appOrigin: app, newWindow: false) == .refuse)
        #expect(ExternalLinks.decide(url: "javascript:alert(1)", appOrigin: app, newWindow: true) == .refuse)
        // The start-up page (HTML without a URL) loads; before any app is shown, every web page goes outside.
        #expect(ExternalLinks.decide(url: "about:blank", appOrigin: nil, newWindow: false) == .follow)
        #expect(
            ExternalLinks.decide(url: "http://127.0.0.1:43123/", appOrigin: nil, newWindow: false) == .openExternally)
    }

    @Test("Settings default to closing into the tray; a missing key takes its default; they round-trip")
    func settings() throws {
        // setup
        let (root, paths) = temporaryPaths()
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(DesktopSettings.load(paths: paths).closeToTray)
        try FileManager.default.createDirectory(atPath: paths.configDirectory, withIntermediateDirectories: true)
        try Data("{}".utf8).write(to: URL(fileURLWithPath: DesktopSettings.path(in: paths)))
        #expect(DesktopSettings.load(paths: paths).closeToTray)

        // MUT
        try DesktopSettings(closeToTray: false).save(paths: paths)

        // validate
        #expect(DesktopSettings.load(paths: paths) == DesktopSettings(closeToTray: false))
        let mode =
            try FileManager.default.attributesOfItem(atPath: DesktopSettings.path(in: paths))[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test("A saved geometry is kept on screen: sizes within bounds, a position off every screen dropped")
    func geometry() throws {
        let screens = [(x: 0, y: 0, width: 1920, height: 1080), (x: 1920, y: 0, width: 1280, height: 1024)]
        let saved = WindowGeometry(x: 2000, y: 100, width: 1000, height: 700, maximized: false)
        #expect(saved.fitted(to: screens) == saved)
        // The second monitor unplugged: the window would be off screen, so the window manager places it.
        #expect(
            saved.fitted(to: [screens[0]]) == WindowGeometry(x: nil, y: nil, width: 1000, height: 700, maximized: false)
        )
        #expect(
            WindowGeometry(x: 10, y: 10, width: 100, height: 50, maximized: false).fitted(to: screens)
                == WindowGeometry(
                    x: 10, y: 10, width: WindowGeometry.minimumWidth, height: WindowGeometry.minimumHeight,
                    maximized: false))
        #expect(
            WindowGeometry(x: 0, y: 0, width: 5000, height: 3000, maximized: true).fitted(to: screens)
                == WindowGeometry(x: 0, y: 0, width: 1920, height: 1080, maximized: true))

        let (root, paths) = temporaryPaths()
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(WindowGeometry.load(paths: paths) == .standard)
        try saved.save(paths: paths)
        #expect(WindowGeometry.load(paths: paths) == saved)
    }

    @Test("One holder of the database's lock at a time; it names its process; released, it can be taken again")
    func instanceLock() throws {
        // setup
        let (root, paths) = temporaryPaths()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: paths.dataDirectory, withIntermediateDirectories: true)
        let path = SingleInstance.lockPath(for: paths)
        #expect(path == paths.database + ".lock")

        // MUT
        guard case .acquired(let first) = try SingleInstance.acquire(path: path) else {
            Issue.record("the first acquire should succeed")
            return
        }

        // validate: flock belongs to an open file, so even this process's second open is refused.
        guard case .heldBy(let pid) = try SingleInstance.acquire(path: path) else {
            Issue.record("a second acquire must be refused")
            return
        }
        #expect(pid == getpid())
        first.release()
        guard case .acquired(let again) = try SingleInstance.acquire(path: path) else {
            Issue.record("after release the lock is free")
            return
        }
        again.release()
    }

    @Test("The web app's files: MANTIS_PUBLIC_DIR, then installed beside the binary, then the checkout")
    func webAppDirectory() throws {
        // setup
        let root = NSTemporaryDirectory() + "mantis-desktop-public-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: root) }
        let installed = "\(root)/usr/share/mantis-desktop/Public"
        try FileManager.default.createDirectory(atPath: installed, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: "\(installed)/index.html", contents: Data())
        let checkout = "\(root)/src"
        try FileManager.default.createDirectory(atPath: "\(checkout)/Public", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(
            atPath: "\(checkout)/.build/x86_64-unknown-linux-gnu/debug", withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: "\(checkout)/Public/index.html", contents: Data())
        FileManager.default.createFile(atPath: "\(checkout)/Package.swift", contents: Data())

        // MUT + validate
        #expect(
            WebAppDirectory.locate(
                environment: ["MANTIS_PUBLIC_DIR": "/somewhere/Public"], executable: "\(root)/usr/bin/mantis-desktop")
                == "/somewhere/Public")
        #expect(
            WebAppDirectory.locate(
                environment: [:], executable: "\(root)/usr/bin/mantis-desktop", workingDirectory: "/")
                == URL(fileURLWithPath: installed).resolvingSymlinksInPath().path)
        #expect(
            WebAppDirectory.locate(
                environment: [:], executable: "\(checkout)/.build/x86_64-unknown-linux-gnu/debug/mantis-desktop",
                workingDirectory: "/")
                == URL(fileURLWithPath: "\(checkout)/Public").resolvingSymlinksInPath().path)
        #expect(
            WebAppDirectory.locate(
                environment: [:], executable: "/nowhere/bin/mantis-desktop", workingDirectory: "/nowhere") == nil)
    }
}
