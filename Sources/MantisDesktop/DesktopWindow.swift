import CGtkWebKit
import Foundation

/// The app's one window: a GtkApplicationWindow holding a WebKitWebView on the web app. It follows navigations
/// within the web app's origin only (ExternalLinks), remembers its size and position (WindowGeometry), and leaves
/// what closing means to the app (`onCloseRequest`). GTK objects: use it on the main loop's thread only.
final class DesktopWindow {
    /// A widget's event signal: (widget, event, user data) → whether it was handled.
    private typealias EventHandler =
        @convention(c) (UnsafeMutableRawPointer?, UnsafeMutableRawPointer?, UnsafeMutableRawPointer?) -> gboolean
    /// A finished async call (GAsyncReadyCallback): (source object, result, user data).
    private typealias AsyncReady = @convention(c) (UnsafeMutablePointer<GObject>?, OpaquePointer?, gpointer?) -> Void

    let window: UnsafeMutablePointer<GtkWidget>
    let webView: UnsafeMutablePointer<GtkWidget>
    private let paths: DesktopPaths
    private(set) var geometry: WindowGeometry
    /// The origin of the web app shown (the local server's or the connected server's); other origins open outside.
    private(set) var appOrigin: ServerOrigin?
    /// The close button (or Alt+F4, or the window manager) was used; the window stays until told otherwise.
    var onCloseRequest: () -> Void = {}
    /// How often the window was brought to the front (the test hook reports it: a second launch presents it).
    private(set) var presentations = 0

    init(application: UnsafeMutablePointer<GtkApplication>, paths: DesktopPaths) {
        self.paths = paths
        geometry = WindowGeometry.load(paths: paths)
        window = gtk_application_window_new(application)
        webView = Self.makeWebView(paths: paths)
        let gtkWindow: UnsafeMutablePointer<GtkWindow> = retype(window)
        gtk_window_set_title(gtkWindow, "Mantis")
        gtk_window_set_icon_name(gtkWindow, "mantis")
        gtk_container_add(retype(window), webView)

        let settings = webkit_web_view_get_settings(retype(webView))
        // The web app needs no plug-ins, no Java and no developer tools; its console goes to standard output only
        // under the test hook, where a failing test shows it.
        webkit_settings_set_enable_developer_extras(settings, 0)
        webkit_settings_set_javascript_can_open_windows_automatically(settings, 0)
        if ProcessInfo.processInfo.environment["MANTIS_DESKTOP_TEST_CONTROL"] != nil {
            webkit_settings_set_enable_write_console_messages_to_stdout(settings, 1)
        }

        let me = Unmanaged.passUnretained(self).toOpaque()
        let deleted: EventHandler = { _, _, data in
            Unmanaged<DesktopWindow>.fromOpaque(data!).takeUnretainedValue().onCloseRequest()
            return 1  // handled: GTK must not destroy the window
        }
        mantis_signal_connect(window, "delete-event", unsafeBitCast(deleted, to: GCallback.self), me)
        let configured: EventHandler = { _, _, data in
            Unmanaged<DesktopWindow>.fromOpaque(data!).takeUnretainedValue().recordGeometry()
            return 0  // let GTK handle it too
        }
        mantis_signal_connect(window, "configure-event", unsafeBitCast(configured, to: GCallback.self), me)
        let stateChanged:
            @convention(c) (
                UnsafeMutableRawPointer?, UnsafeMutablePointer<GdkEventWindowState>?, UnsafeMutableRawPointer?
            ) -> gboolean = { _, event, data in
                let maximized = (event!.pointee.new_window_state.rawValue & GDK_WINDOW_STATE_MAXIMIZED.rawValue) != 0
                Unmanaged<DesktopWindow>.fromOpaque(data!).takeUnretainedValue().geometry.maximized = maximized
                return 0
            }
        mantis_signal_connect(window, "window-state-event", unsafeBitCast(stateChanged, to: GCallback.self), me)
        let decide:
            @convention(c) (
                UnsafeMutableRawPointer?, UnsafeMutableRawPointer?, WebKitPolicyDecisionType, UnsafeMutableRawPointer?
            ) -> gboolean = { _, decision, type, data in
                Unmanaged<DesktopWindow>.fromOpaque(data!).takeUnretainedValue().decidePolicy(decision!, type: type)
                    ? 1 : 0
            }
        mantis_signal_connect(webView, "decide-policy", unsafeBitCast(decide, to: GCallback.self), me)

        applyGeometry()
        gtk_widget_show_all(window)
    }

    /// A web view whose cookies, storage and caches are in folders of Mantis's own (`webkit/` in the data folder,
    /// `$XDG_CACHE_HOME/mantis/webkit`), not WebKit's default folder named after the program, which is the data
    /// folder itself.
    private static func makeWebView(paths: DesktopPaths) -> UnsafeMutablePointer<GtkWidget> {
        let environment = ProcessInfo.processInfo.environment
        let cacheHome =
            environment["XDG_CACHE_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil }
            ?? "\(environment["HOME"] ?? NSHomeDirectory())/.cache"
        let directories = ["\(paths.dataDirectory)/webkit", "\(cacheHome)/mantis/webkit"]
        // g_object_new is variadic, which Swift cannot call; this is its array form.
        var values = directories.map { directory -> GValue in
            var value = GValue()
            g_value_init(&value, GType(16 << 2))  // G_TYPE_STRING, a macro Swift does not see
            g_value_set_string(&value, directory)
            return value
        }
        var names: [UnsafePointer<CChar>?] = [
            ("base-data-directory" as StaticString).utf8Start, ("base-cache-directory" as StaticString).utf8Start,
        ]
        .map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) }
        let manager = g_object_new_with_properties(webkit_website_data_manager_get_type(), 2, &names, &values)
        for index in values.indices { g_value_unset(&values[index]) }
        let context = webkit_web_context_new_with_website_data_manager(retype(manager))
        g_object_unref(manager)
        let view = webkit_web_view_new_with_context(context)!
        g_object_unref(context)  // the view holds it
        return view
    }

    var userContentManager: UnsafeMutablePointer<WebKitUserContentManager> {
        webkit_web_view_get_user_content_manager(retype(webView))
    }

    var isVisible: Bool { gtk_widget_get_visible(window) != 0 }

    var currentURI: String? { webkit_web_view_get_uri(retype(webView)).map { String(cString: $0) } }

    /// Shows `url` (the local web app, a page of it, or the connected server): its origin becomes the app's.
    func load(_ url: String) {
        appOrigin = ServerOrigin(url: url)
        webkit_web_view_load_uri(retype(webView), url)
    }

    /// Loads the page shown again (after the tray's "Refresh all now").
    func reload() {
        webkit_web_view_reload(retype(webView))
    }

    /// A page of the window's own while the server starts, or when it could not.
    func showMessage(title: String, detail: String) {
        appOrigin = nil
        func escape(_ text: String) -> String {
            text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        }
        let page = """
            <!doctype html><html><head><meta charset="utf-8"><title>Mantis</title><style>
            body{font:16px system-ui,sans-serif;display:grid;place-items:center;height:90vh;color:#334;background:#f6f7f9}
            @media (prefers-color-scheme: dark){body{color:#dde;background:#16181d}}
            main{max-width:36em;text-align:center}</style></head>
            <body><main><h1>\(escape(title))</h1><p>\(escape(detail))</p></main></body></html>
            """
        webkit_web_view_load_html(retype(webView), page, nil)
    }

    func present() {
        presentations += 1
        if !isVisible { applyGeometry() }
        gtk_window_present(retype(window))
    }

    func hide() {
        saveGeometry()
        gtk_widget_hide(window)
    }

    func close() {
        gtk_window_close(retype(window))
    }

    func moveAndResize(x: Int, y: Int, width: Int, height: Int) {
        gtk_window_move(retype(window), gint(x), gint(y))
        gtk_window_resize(retype(window), gint(width), gint(height))
    }

    func saveGeometry() {
        if isVisible { recordGeometry() }
        do {
            try geometry.save(paths: paths)
        } catch {
            FileHandle.standardError.write(
                Data("mantis-desktop: could not save the window's geometry: \(error)\n".utf8))
        }
    }

    /// Where the window is and how big, as the window system says now.
    var liveGeometry: WindowGeometry {
        var x: gint = 0, y: gint = 0, width: gint = 0, height: gint = 0
        gtk_window_get_position(retype(window), &x, &y)
        gtk_window_get_size(retype(window), &width, &height)
        return WindowGeometry(
            x: Int(x), y: Int(y), width: Int(width), height: Int(height), maximized: geometry.maximized)
    }

    /// The window's position and size now, unless maximized (the size to come back to is the one before).
    private func recordGeometry() {
        guard !geometry.maximized, gtk_widget_get_visible(window) != 0 else { return }
        geometry = liveGeometry
    }

    private func applyGeometry() {
        let fitted = geometry.fitted(to: Self.screens())
        let gtkWindow: UnsafeMutablePointer<GtkWindow> = retype(window)
        gtk_window_set_default_size(gtkWindow, gint(fitted.width), gint(fitted.height))
        gtk_window_resize(gtkWindow, gint(fitted.width), gint(fitted.height))
        if let x = fitted.x, let y = fitted.y { gtk_window_move(gtkWindow, gint(x), gint(y)) }
        if fitted.maximized { gtk_window_maximize(gtkWindow) }
    }

    /// The monitors' areas, in the screen's coordinates.
    private static func screens() -> [(x: Int, y: Int, width: Int, height: Int)] {
        guard let display = gdk_display_get_default() else { return [] }
        return (0..<gdk_display_get_n_monitors(display)).compactMap { index in
            guard let monitor = gdk_display_get_monitor(display, index) else { return nil }
            var area = GdkRectangle()
            gdk_monitor_get_geometry(monitor, &area)
            return (Int(area.x), Int(area.y), Int(area.width), Int(area.height))
        }
    }

    /// WebKit asks before every navigation and new window: the web app's own pages load here, other origins go
    /// to the browser. Returns true when it decided.
    private func decidePolicy(_ decision: UnsafeMutableRawPointer, type: WebKitPolicyDecisionType) -> Bool {
        guard
            type == WEBKIT_POLICY_DECISION_TYPE_NAVIGATION_ACTION
                || type == WEBKIT_POLICY_DECISION_TYPE_NEW_WINDOW_ACTION
        else {
            return false  // responses (downloads, MIME types): WebKit's default
        }
        let navigation: UnsafeMutablePointer<WebKitNavigationPolicyDecision> = retype(decision)
        guard let action = webkit_navigation_policy_decision_get_navigation_action(navigation),
            let request = webkit_navigation_action_get_request(action),
            let uri = webkit_uri_request_get_uri(request).map({ String(cString: $0) })
        else { return false }
        let newWindow = type == WEBKIT_POLICY_DECISION_TYPE_NEW_WINDOW_ACTION
        switch ExternalLinks.decide(url: uri, appOrigin: appOrigin, newWindow: newWindow) {
        case .follow:
            // A new window of the app's own origin: the app has one window, so it loads here.
            if newWindow {
                webkit_policy_decision_ignore(retype(decision))
                webkit_web_view_load_uri(retype(webView), uri)
            } else {
                webkit_policy_decision_use(retype(decision))
            }
        case .openExternally:
            webkit_policy_decision_ignore(retype(decision))
            ExternalLinks.openInBrowser(uri)
        case .refuse:
            webkit_policy_decision_ignore(retype(decision))
        }
        return true
    }

    // MARK: - For the test hook

    /// What a callback of an async WebKit call needs; handed to C as its user data.
    private final class Completion {
        let webView: UnsafeMutablePointer<GtkWidget>
        let path: String
        let body: (Result<String, DesktopWindowError>) -> Void
        init(
            webView: UnsafeMutablePointer<GtkWidget>, path: String = "",
            _ body: @escaping (Result<String, DesktopWindowError>) -> Void
        ) {
            self.webView = webView
            self.path = path
            self.body = body
        }

        static func failure(_ error: inout UnsafeMutablePointer<GError>?, otherwise: String) -> DesktopWindowError {
            let message = error.map { String(cString: $0.pointee.message) } ?? otherwise
            g_clear_error(&error)
            return DesktopWindowError(message: message)
        }
    }

    /// Runs `body` as an async function in the page (so `return await …` works) and hands back its result as JSON.
    func evaluate(_ body: String, completion: @escaping (Result<String, DesktopWindowError>) -> Void) {
        let box = Unmanaged.passRetained(Completion(webView: webView, completion)).toOpaque()
        let done: AsyncReady = {
            _, result, data in
            let completion = Unmanaged<Completion>.fromOpaque(data!).takeRetainedValue()
            var error: UnsafeMutablePointer<GError>?
            guard
                let value = webkit_web_view_call_async_javascript_function_finish(
                    retype(completion.webView), result, &error)
            else {
                return completion.body(.failure(Completion.failure(&error, otherwise: "no result")))
            }
            defer { g_object_unref(value) }
            guard jsc_value_is_undefined(value) == 0, let json = jsc_value_to_json(value, 0) else {
                return completion.body(.success("null"))
            }
            defer { g_free(json) }
            completion.body(.success(String(cString: json)))
        }
        webkit_web_view_call_async_javascript_function(retype(webView), body, -1, nil, nil, nil, nil, done, box)
    }

    /// Writes what the web view shows as a PNG at `path`.
    func snapshot(to path: String, completion: @escaping (Result<String, DesktopWindowError>) -> Void) {
        let box = Unmanaged.passRetained(Completion(webView: webView, path: path, completion)).toOpaque()
        let done: AsyncReady = {
            _, result, data in
            let completion = Unmanaged<Completion>.fromOpaque(data!).takeRetainedValue()
            var error: UnsafeMutablePointer<GError>?
            guard let surface = webkit_web_view_get_snapshot_finish(retype(completion.webView), result, &error) else {
                return completion.body(.failure(Completion.failure(&error, otherwise: "no snapshot")))
            }
            defer { cairo_surface_destroy(surface) }
            let status = cairo_surface_write_to_png(surface, completion.path)
            guard status == CAIRO_STATUS_SUCCESS else {
                return completion.body(
                    .failure(DesktopWindowError(message: String(cString: cairo_status_to_string(status)))))
            }
            completion.body(.success(completion.path))
        }
        webkit_web_view_get_snapshot(
            retype(webView), WEBKIT_SNAPSHOT_REGION_VISIBLE, WEBKIT_SNAPSHOT_OPTIONS_NONE, nil, done, box)
    }
}

struct DesktopWindowError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// GObject's casts (GTK_WINDOW(…) and the like are macros): the same pointer as another type.
func retype<T>(_ pointer: UnsafeMutableRawPointer?) -> UnsafeMutablePointer<T> {
    pointer!.assumingMemoryBound(to: T.self)
}

func retype<T, U>(_ pointer: UnsafeMutablePointer<U>?) -> UnsafeMutablePointer<T> {
    UnsafeMutableRawPointer(pointer!).assumingMemoryBound(to: T.self)
}
