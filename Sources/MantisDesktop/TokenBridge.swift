import CGtkWebKit
import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The native half of the web app's sign-in inside the desktop app (the plan's preload/IPC token bridge).
/// Registers WebKit script-message handlers with replies, so the page can
/// `await window.webkit.messageHandlers.NAME.postMessage(value)`:
///
/// - `getRefreshToken` → the stored token or null; `saveRefreshToken(token)` → true; `clearRefreshToken` → true.
///   Only for pages of the connected server's origin (scheme, host and port of the web view's URI at the moment
///   the message arrives); any other page gets an error reply and never a token.
/// - `connectServer(url)` → the server's origin, from the local app's Settings page only; the window then loads
///   that server (`onConnect`). `disconnectServer` → true, from the local app or the connected server; forgets
///   the server and its token and returns to the local data (`onDisconnect`).
///
/// Everything here runs on the GTK thread except the token store's calls, which wait on D-Bus or the disk and
/// so run one at a time on a queue of their own; their replies hop back with `GLibMain.async`.
public final class TokenBridge: @unchecked Sendable {
    public static let tokenMessages = ["getRefreshToken", "saveRefreshToken", "clearRefreshToken"]
    public static let connectionMessages = ["connectServer", "disconnectServer"]
    static let refusal = "Only pages of the server this app is connected to may use its sign-in."

    public let store: any RefreshTokenStore
    public let connection: ServerConnection
    /// Called on the GTK thread with the server's origin after `connectServer`: load it in the window.
    public var onConnect: (String) -> Void = { _ in }
    /// Called on the GTK thread after `disconnectServer` (or `disconnect()`): load the local server again.
    public var onDisconnect: () -> Void = {}
    /// The local server's origin (`http://127.0.0.1:PORT`). While unset, any loopback page that is not the
    /// connected server counts as the local app.
    public var localOrigin: String?
    /// Where the bridge says what it did (never a token). Defaults to standard error.
    public var log: (String) -> Void = { line in FileHandle.standardError.write(Data("mantis-desktop: \(line)\n".utf8)) }
    /// Whether `connectServer` first checks that the address answers `GET /health` like Mantis does.
    public var checksServerBeforeConnecting = true

    private let queue = DispatchQueue(label: "mantis.desktop.token-store")
    /// Replies waiting for the store or the network, by number: only the GTK thread holds (and so frees) them.
    private var pending: [Int: Reply] = [:]
    private var nextPending = 0
    private var manager: UnsafeMutablePointer<WebKitUserContentManager>?
    private var webView: UnsafeMutablePointer<WebKitWebView>?

    public init(store: any RefreshTokenStore, connection: ServerConnection) {
        self.store = store
        self.connection = connection
    }

    /// Registers the handlers on the window's content manager (GTK thread). `webView` is the view whose URI
    /// decides who is asking; without it the bridge finds the view that uses `manager` among the open windows.
    public func install(
        on manager: UnsafeMutablePointer<WebKitUserContentManager>, webView: UnsafeMutablePointer<WebKitWebView>? = nil
    ) {
        self.manager = manager
        self.webView = webView
        for name in Self.tokenMessages + Self.connectionMessages {
            // Retained for the life of the process, like the window the bridge serves.
            let route = Unmanaged.passRetained(Route(bridge: self, name: name)).toOpaque()
            let handler: @convention(c) (
                UnsafeMutablePointer<WebKitUserContentManager>?, UnsafeMutablePointer<JSCValue>?, OpaquePointer?, gpointer?
            ) -> gboolean = { _, value, reply, data in
                guard let data, let value, let reply else { return 0 }
                let route = Unmanaged<Route>.fromOpaque(data).takeUnretainedValue()
                route.bridge?.receive(route.name, value: value, reply: reply)
                return 1  // answered, now or later
            }
            // Connected before registering, as WebKit's documentation asks, so no message is missed.
            _ = mantis_signal_connect(
                UnsafeMutableRawPointer(manager), "script-message-with-reply-received::\(name)",
                unsafeBitCast(handler, to: GCallback.self), route)
            if webkit_user_content_manager_register_script_message_handler_with_reply(manager, name, nil) == 0 {
                log("could not register the script message handler \(name)")
            }
        }
    }

    /// Forgets the connected server and its token and shows the local data (for a menu item; GTK thread).
    public func disconnect() {
        guard let server = connection.origin?.description else { return }
        connection.serverURL = nil
        let store = UncheckedBox(self.store)
        queue.async { try? store.value.clear(server: server) }
        log("disconnected from \(server)")
        onDisconnect()
    }

    // MARK: - Who may send what

    public enum Sender: Equatable, Sendable {
        /// A page of the connected server's origin.
        case connectedServer(ServerOrigin)
        /// The desktop app's own local web app.
        case localApp
        /// Anything else: another site, a file, a page with no URI.
        case other
    }

    /// Classifies the page a message came from by its URI's origin.
    public static func sender(pageURI: String?, connected: ServerOrigin?, local: ServerOrigin?) -> Sender {
        guard let pageURI, let page = ServerOrigin(url: pageURI) else { return .other }
        if let connected, page == connected { return .connectedServer(connected) }
        if let local { return page == local ? .localApp : .other }
        return page.isLoopback && page.scheme == "http" ? .localApp : .other
    }

    /// Whether a page may send this message: the token messages for the connected server only,
    /// `connectServer` for the local app only, `disconnectServer` for either.
    public static func permits(_ message: String, from sender: Sender) -> Bool {
        switch (message, sender) {
        case (_, .other): false
        case ("connectServer", .localApp): true
        case ("disconnectServer", _): true
        case (let name, .connectedServer) where tokenMessages.contains(name): true
        default: false
        }
    }

    // MARK: - Messages

    private final class Route {
        weak var bridge: TokenBridge?
        let name: String
        init(bridge: TokenBridge, name: String) {
            self.bridge = bridge
            self.name = name
        }
    }

    /// A reply kept until the answer is known; used on the GTK thread only, hence the unchecked Sendable.
    private final class Reply: @unchecked Sendable {
        private let reply: OpaquePointer
        private let context: UnsafeMutablePointer<JSCContext>

        init(reply: OpaquePointer, value: UnsafeMutablePointer<JSCValue>) {
            self.reply = webkit_script_message_reply_ref(reply)
            context = jsc_value_get_context(value)!
            g_object_ref(UnsafeMutableRawPointer(context))
        }

        deinit {
            g_object_unref(UnsafeMutableRawPointer(context))
            webkit_script_message_reply_unref(reply)
        }

        func string(_ text: String?) {
            let value = text.map { jsc_value_new_string(context, $0) } ?? jsc_value_new_null(context)
            send(value)
        }

        func bool(_ flag: Bool) {
            send(jsc_value_new_boolean(context, flag ? 1 : 0))
        }

        func error(_ message: String) {
            webkit_script_message_reply_return_error_message(reply, message)
        }

        private func send(_ value: UnsafeMutablePointer<JSCValue>?) {
            webkit_script_message_reply_return_value(reply, value)
            if let value { g_object_unref(UnsafeMutableRawPointer(value)) }
        }
    }

    private func receive(_ name: String, value: UnsafeMutablePointer<JSCValue>, reply rawReply: OpaquePointer) {
        let reply = Reply(reply: rawReply, value: value)
        let uri = currentURI()
        let sender = Self.sender(
            pageURI: uri, connected: connection.origin, local: localOrigin.flatMap(ServerOrigin.init(url:)))
        guard Self.permits(name, from: sender) else {
            log("refused \(name) from \(uri.flatMap(ServerOrigin.init(url:))?.description ?? "a page without an origin")")
            reply.error(Self.refusal)
            return
        }
        let argument = jsc_value_is_string(value) != 0 ? Self.string(of: value) : nil
        switch (name, sender) {
        case ("getRefreshToken", .connectedServer(let server)):
            onStoreQueue(reply, { store in try store.load(server: server.description) }) { reply, token in reply.string(token) }
        case ("saveRefreshToken", .connectedServer(let server)):
            guard let token = argument, Self.isPlausibleToken(token) else {
                reply.error("saveRefreshToken takes the refresh token as a string.")
                return
            }
            onStoreQueue(reply, { store in try store.save(token, server: server.description) }) { reply, _ in reply.bool(true) }
        case ("clearRefreshToken", .connectedServer(let server)):
            onStoreQueue(reply, { store in try store.clear(server: server.description) }) { reply, _ in reply.bool(true) }
        case ("connectServer", _):
            connect(to: argument ?? "", reply: reply)
        case ("disconnectServer", _):
            reply.bool(true)
            // After the reply is on its way: the page that asked is about to be replaced.
            GLibMain.async { [self] in disconnect() }
        default:
            reply.error(Self.refusal)
        }
    }

    /// Keeps a reply for later (GTK thread); `take` hands it back, once.
    private func park(_ reply: Reply) -> Int {
        nextPending += 1
        pending[nextPending] = reply
        return nextPending
    }

    private func take(_ id: Int) -> Reply? {
        pending.removeValue(forKey: id)
    }

    /// Runs a store call on the store's queue and answers on the GTK thread; a failure is an error reply.
    private func onStoreQueue<T>(
        _ reply: Reply, _ work: @escaping @Sendable (any RefreshTokenStore) throws -> T,
        then answer: @escaping @Sendable (Reply, T) -> Void
    ) {
        let id = park(reply)
        let store = UncheckedBox(self.store)
        queue.async { [self] in
            let outcome = UncheckedBox(Result { try work(store.value) })
            GLibMain.async { [self] in
                guard let reply = take(id) else { return }
                switch outcome.value {
                case .success(let value): answer(reply, value)
                case .failure(let error):
                    log("token store: \(error)")
                    reply.error("The desktop app could not reach its token store: \(error)")
                }
            }
        }
    }

    private func connect(to input: String, reply: Reply) {
        guard let origin = ServerOrigin(userInput: input) else {
            reply.error("Enter the server's web address, such as https://mantis.example.com.")
            return
        }
        if let local = localOrigin.flatMap(ServerOrigin.init(url:)), origin == local {
            reply.error("That is this app's own local server.")
            return
        }
        let id = park(reply)
        let finish: @Sendable (String?) -> Void = { [self] problem in
            GLibMain.async { [self] in
                guard let reply = take(id) else { return }
                if let problem {
                    reply.error(problem)
                    return
                }
                connection.serverURL = origin.description
                log("connected to \(origin)")
                reply.string(origin.description)
                GLibMain.async { [self] in onConnect(origin.description) }
            }
        }
        guard checksServerBeforeConnecting else { return finish(nil) }
        Self.checkMantis(at: origin, then: finish)
    }

    /// Whether `origin` answers `GET /health` as Mantis does (`{"status": …}`, 200 or 503), within 10 seconds.
    static func checkMantis(at origin: ServerOrigin, then done: @escaping @Sendable (String?) -> Void) {
        guard let url = URL(string: "\(origin)/health") else { return done("That address cannot be used.") }
        var request = URLRequest(url: url, timeoutInterval: 10)
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        URLSession.shared.dataTask(with: request) { data, response, error in
            if let error {
                return done("Mantis could not reach \(origin): \(error.localizedDescription)")
            }
            let status = (response as? HTTPURLResponse)?.statusCode ?? 0
            let body = data.flatMap { try? JSONSerialization.jsonObject(with: $0) } as? [String: Any]
            guard [200, 503].contains(status), body?["status"] is String else {
                return done("\(origin) does not answer like a Mantis server (GET /health: \(status)).")
            }
            done(nil)
        }.resume()
    }

    // MARK: - Helpers

    /// Refresh tokens are URL-safe base64 of a few dozen bytes; anything else is not one of ours.
    static func isPlausibleToken(_ token: String) -> Bool {
        !token.isEmpty && token.utf8.count <= 4096 && token.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }
    }

    private static func string(of value: UnsafeMutablePointer<JSCValue>) -> String? {
        guard let text = jsc_value_to_string(value) else { return nil }
        defer { g_free(text) }
        return String(cString: text)
    }

    /// The URI of the page that is showing now, which is the page that sent the message being handled (messages
    /// and navigations reach this thread in order).
    private func currentURI() -> String? {
        guard let view = webView ?? findWebView() else { return nil }
        return webkit_web_view_get_uri(view).map { String(cString: $0) }
    }

    private func findWebView() -> UnsafeMutablePointer<WebKitWebView>? {
        guard let manager else { return nil }
        let toplevels = gtk_window_list_toplevels()
        defer { g_list_free(toplevels) }
        var node = toplevels
        while let current = node {
            if let widget = current.pointee.data?.assumingMemoryBound(to: GtkWidget.self),
               let view = Self.webView(in: widget, using: manager)
            {
                webView = view
                return view
            }
            node = current.pointee.next
        }
        return nil
    }

    private static func webView(
        in widget: UnsafeMutablePointer<GtkWidget>, using manager: UnsafeMutablePointer<WebKitUserContentManager>
    ) -> UnsafeMutablePointer<WebKitWebView>? {
        let instance = UnsafeMutableRawPointer(widget).assumingMemoryBound(to: GTypeInstance.self)
        if g_type_check_instance_is_a(instance, webkit_web_view_get_type()) != 0 {
            let view = UnsafeMutableRawPointer(widget).assumingMemoryBound(to: WebKitWebView.self)
            return webkit_web_view_get_user_content_manager(view) == manager ? view : nil
        }
        guard g_type_check_instance_is_a(instance, gtk_container_get_type()) != 0 else { return nil }
        let children = gtk_container_get_children(UnsafeMutableRawPointer(widget).assumingMemoryBound(to: GtkContainer.self))
        defer { g_list_free(children) }
        var node = children
        while let current = node {
            if let child = current.pointee.data?.assumingMemoryBound(to: GtkWidget.self),
               let view = webView(in: child, using: manager)
            {
                return view
            }
            node = current.pointee.next
        }
        return nil
    }
}

/// Carries a value the compiler cannot prove Sendable across the hop to the store's queue and back; the bridge
/// keeps each such value on one thread at a time.
struct UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
