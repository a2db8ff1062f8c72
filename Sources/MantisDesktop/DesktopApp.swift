import App
import CGtkWebKit
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// `mantis-desktop`: Mantis in local mode in this process, in a window of its own, with a tray icon, desktop
/// notifications and the token bridge for a connected server.
///
/// One instance per user: GtkApplication owns `applicationID` on the session bus, so a second launch only
/// activates the first (its window comes to the front) and exits 0. The database's lock file (SingleInstance)
/// guards the SQLite file where that name is not seen. Quitting — the tray's Quit, closing the window where it does
/// not hide to the tray, SIGTERM or SIGINT — hides the window, stops the server as `mantis serve` stops (WAL
/// checkpointed, database closed), and only then ends the main loop.
///
/// GTK state lives on the main loop's thread; work from other threads (the server starting, signals, the test
/// hook) hops over with `GLibMain.async`, which is what makes the `@unchecked Sendable` hold.
public final class DesktopApp: @unchecked Sendable {
    /// The D-Bus name and GTK application id.
    public static let applicationID = "org.mantis.Mantis"

    private let paths: DesktopPaths
    private let settings: DesktopSettings
    private var application: UnsafeMutablePointer<GtkApplication>?
    private var lock: SingleInstance?
    private var window: DesktopWindow?
    private var tray: TrayIcon?
    private var notifier: DesktopNotifier?
    private var bridge: TokenBridge?
    private var connection: ServerConnection?
    private var starting: Task<LocalServer, any Error>?
    private var server: LocalServer?
    private var testControl: TestControl?
    private var handoverSource: (any DispatchSourceSignal)?
    private var quitting = false
    private var exitStatus: Int32 = 0

    init(paths: DesktopPaths) {
        self.paths = paths
        settings = DesktopSettings.load(paths: paths)
    }

    /// The executable's whole life; returns its exit status.
    public static func main(arguments: [String] = CommandLine.arguments) -> Int32 {
        // Test only (Tests/desktop/test_keyring.py): the token store without a window.
        if let status = TokenStoreCommand.runIfRequested(arguments) { return status }
        if arguments.contains("--version") {
            print("mantis-desktop (\(NativeLibraries.summary))")
            return 0
        }
        if arguments.contains("--help") || arguments.contains("-h") {
            print(
                """
                Usage: mantis-desktop
                Mantis, the price tracker, in a window: local data in \(DesktopPaths().database).
                A second launch brings the running window to the front. See the README's "Desktop app".
                """)
            return 0
        }
        do {
            try LocalServer.bootstrapLogging()
        } catch {
            FileHandle.standardError.write(Data("mantis-desktop: \(error)\n".utf8))
            return 1
        }
        return DesktopApp(paths: DesktopPaths()).run()
    }

    private func run() -> Int32 {
        // The program name stays "mantis-desktop" (argv[0]): the window's class, which the .desktop entry's
        // StartupWMClass names.
        g_set_application_name("Mantis")
        let application = gtk_application_new(Self.applicationID, GApplicationFlags(rawValue: 0))!
        self.application = application
        defer { g_object_unref(application) }
        let activated: @convention(c) (UnsafeMutableRawPointer?, UnsafeMutableRawPointer?) -> Void = { _, data in
            Unmanaged<DesktopApp>.fromOpaque(data!).takeUnretainedValue().activate()
        }
        mantis_signal_connect(
            application, "activate", unsafeBitCast(activated, to: GCallback.self),
            Unmanaged.passUnretained(self).toOpaque())

        // Registering decides who is first: the primary instance owns the name, a second launch becomes its remote.
        var error: UnsafeMutablePointer<GError>?
        guard g_application_register(retype(application), nil, &error) != 0 else {
            let message = error.map { String(cString: $0.pointee.message) } ?? "unknown error"
            g_clear_error(&error)
            log("could not register with the session bus: \(message)")
            return 1
        }
        if g_application_get_is_remote(retype(application)) != 0 {
            log("Mantis is already running: bringing its window to the front")
            // Sends "activate" to the first instance over D-Bus and returns at once.
            return g_application_run(retype(application), 0, nil)
        }

        do {
            try FileManager.default.createDirectory(
                atPath: paths.dataDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            switch try SingleInstance.acquire(path: SingleInstance.lockPath(for: paths)) {
            case .acquired(let lock):
                self.lock = lock
            case .heldBy(let pid):
                // Another instance the session bus did not show us (no bus, another session): hand over by signal.
                if let pid, kill(pid, SIGUSR2) == 0 {
                    log("Mantis is already running (process \(pid)): bringing its window to the front")
                } else {
                    log("Mantis is already running on \(paths.database)")
                }
                return 0
            }
        } catch {
            log("\(error)")
            return 1
        }
        defer { lock?.release() }

        listenForHandover()
        if let path = ProcessInfo.processInfo.environment["MANTIS_DESKTOP_TEST_CONTROL"], !path.isEmpty {
            startTestControl(path: path)
        }
        let status = g_application_run(retype(application), 0, nil)
        testControl?.stop()
        return status != 0 ? status : exitStatus
    }

    /// SIGUSR2 from a launch that found the lock taken: bring the window to the front. (Not SIGUSR1: JavaScriptCore
    /// takes that one for its garbage collector.)
    private func listenForHandover() {
        signal(SIGUSR2, SIG_IGN)
        let source = DispatchSource.makeSignalSource(
            signal: SIGUSR2, queue: DispatchQueue(label: "mantis.desktop.signals"))
        source.setEventHandler { [self] in GLibMain.async { self.presentWindow() } }
        source.resume()
        handoverSource = source
    }

    // MARK: - The window and its server

    /// The first activation opens the window and starts the server; later ones (a second launch, the tray's
    /// Open Mantis) bring the window to the front.
    private func activate() {
        guard window == nil, let application else { return presentWindow() }
        let window = DesktopWindow(application: application, paths: paths)
        self.window = window
        window.onCloseRequest = { [unowned self] in closeRequested() }
        window.showMessage(title: "Mantis", detail: "Starting…")
        window.present()

        let connection = ServerConnection(paths: paths)
        self.connection = connection
        let bridge = TokenBridge(store: RefreshTokenStores.preferred(paths: paths), connection: connection)
        bridge.onConnect = { [unowned self] url in self.window?.load(url) }
        bridge.onDisconnect = { [unowned self] in
            if let server { self.window?.load(server.url) }
        }
        bridge.install(on: window.userContentManager, webView: retype(window.webView))
        self.bridge = bridge

        notifier = DesktopNotifier(onOpen: { [unowned self] productID in openProduct(productID) })
        let tray = TrayIcon(
            onOpen: { [unowned self] in presentWindow() },
            onRefreshAll: { [unowned self] in refreshAll() },
            onQuit: { [unowned self] in quit() })
        tray.show()
        self.tray = tray

        let database = paths.database
        let publicDirectory = WebAppDirectory.locate()
        let starting = Task { try await LocalServer.start(databasePath: database, publicDirectory: publicDirectory) }
        self.starting = starting
        Task {
            do {
                let server = try await starting.value
                GLibMain.async { self.serverStarted(server) }
            } catch {
                GLibMain.async { self.serverFailed(error) }
            }
        }
    }

    private func serverStarted(_ server: LocalServer) {
        self.server = server
        guard !quitting else { return }
        log("local server on \(server.url) (database \(paths.database))")
        server.onStopRequested { GLibMain.async { self.quit() } }
        server.priceAlerts.onAlert { notice in GLibMain.async { self.notifier?.notify(notice) } }
        bridge?.localOrigin = server.url
        // Signed in to a server last time: show it again (its token is in the keyring); else the local data.
        window?.load(connection?.serverURL ?? server.url)
    }

    private func serverFailed(_ error: any Error) {
        log("could not start Mantis: \(error)")
        exitStatus = 1
        window?.showMessage(title: "Mantis could not start", detail: "\(error)")
    }

    private func presentWindow() {
        guard !quitting else { return }
        window?.present()
    }

    /// A notification was clicked: the product's page in the local web app.
    private func openProduct(_ productID: UUID) {
        guard let server, !quitting else { return }
        window?.load("\(server.url)/product/\(productID.uuidString.lowercased())")
        presentWindow()
    }

    /// The tray's "Refresh all now": checks every product, then reloads the local app's page if it shows, so the
    /// new prices appear without the user reloading.
    private func refreshAll() {
        guard let server else { return }
        Task {
            await server.refreshAll()
            GLibMain.async {
                guard !self.quitting, let window = self.window, window.currentURI?.hasPrefix(server.url) == true else { return }
                window.reload()
            }
        }
    }

    /// Closing hides to the tray when a tray host shows the icon (and the setting wants it), else quits.
    private func closeRequested() {
        if settings.closeToTray, server != nil, TrayIcon.hostAvailable {
            window?.hide()
        } else {
            quit()
        }
    }

    /// Hides the window, stops the server (waiting for it), then ends the main loop. Again: nothing more.
    private func quit() {
        guard !quitting else { return }
        quitting = true
        window?.hide()
        let starting = self.starting
        Task {
            if let server = try? await starting?.value { await server.stop() }
            GLibMain.async {
                if let application = self.application { g_application_quit(retype(application)) }
            }
        }
    }

    private func log(_ message: String) {
        FileHandle.standardError.write(Data("mantis-desktop: \(message)\n".utf8))
    }

    // MARK: - Test hook (MANTIS_DESKTOP_TEST_CONTROL; see TestControl)

    private func startTestControl(path: String) {
        let control = TestControl(path: path) { [self] request, reply in handleTest(request, reply: reply) }
        do {
            try control.start()
            testControl = control
        } catch {
            log("\(error)")
        }
    }

    private func handleTest(_ request: [String: any Sendable], reply: @escaping TestControl.Reply) {
        let op = request["op"] as? String ?? ""
        switch op {
        case "state":
            var state: [String: any Sendable] = [
                "ok": true, "pid": Int(getpid()), "quitting": quitting, "server_failed": exitStatus != 0,
                "tray_host": TrayIcon.hostAvailable, "close_to_tray": settings.closeToTray,
            ]
            if let server { state["port"] = server.port; state["url"] = server.url }
            if let window {
                let geometry = window.liveGeometry
                state["visible"] = window.isVisible
                state["presentations"] = window.presentations
                state["uri"] = window.currentURI ?? ""
                state["app_origin"] = window.appOrigin?.description ?? ""
                state["x"] = geometry.x ?? -1
                state["y"] = geometry.y ?? -1
                state["width"] = geometry.width
                state["height"] = geometry.height
            }
            reply(state)
        case "eval":
            guard let window, let script = request["script"] as? String else {
                return reply(["ok": false, "error": "no window or no script"])
            }
            window.evaluate(script) { result in
                switch result {
                case .success(let json): reply(["ok": true, "json": json])
                case .failure(let error): reply(["ok": false, "error": error.message])
                }
            }
        case "snapshot":
            guard let window, let path = request["path"] as? String else {
                return reply(["ok": false, "error": "no window or no path"])
            }
            window.snapshot(to: path) { result in
                switch result {
                case .success: reply(["ok": true, "path": path])
                case .failure(let error): reply(["ok": false, "error": error.message])
                }
            }
        case "load":
            guard let window, let url = request["url"] as? String else {
                return reply(["ok": false, "error": "no window or no url"])
            }
            window.load(url)
            reply(["ok": true])
        case "geometry":
            guard let window, let x = request["x"] as? Double, let y = request["y"] as? Double,
                let width = request["width"] as? Double, let height = request["height"] as? Double
            else { return reply(["ok": false, "error": "no window or no x, y, width, height"]) }
            window.moveAndResize(x: Int(x), y: Int(y), width: Int(width), height: Int(height))
            reply(["ok": true])
        case "close":
            // As the window manager's close button does: delete-event, then the app decides.
            window?.close()
            reply(["ok": true])
        case "present":
            presentWindow()
            reply(["ok": true])
        case "refresh_all":
            guard let server else { return reply(["ok": false, "error": "the server is not running"]) }
            Task {
                await server.refreshAll()
                reply(["ok": true])
            }
        case "quit":
            quit()
            reply(["ok": true])
        default:
            reply(["ok": false, "error": "unknown op \(op)"])
        }
    }
}
