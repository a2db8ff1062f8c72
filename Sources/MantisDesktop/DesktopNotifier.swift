import App
import CGtkWebKit
import CLibNotify
import Foundation

/// Price alerts as desktop notifications (libnotify, `org.freedesktop.Notifications` on the session bus): the
/// product's title as the summary, "old → new" price as the body, and clicking it (the "default" action) calls
/// `onOpen` with the product's id. Used on the main loop's thread only: the action arrives through GLib's
/// main loop, which the app runs.
public final class DesktopNotifier {
    private let onOpen: (UUID) -> Void
    /// Shown notifications, kept until the server says they closed: an action is only delivered to a
    /// notification object that is still alive. The oldest are let go past `maximumKept`.
    private var shown: [UnsafeMutablePointer<NotifyNotification>] = []
    private let maximumKept = 50

    public init(onOpen: @escaping (UUID) -> Void) {
        self.onOpen = onOpen
        if notify_is_initted() == 0 { _ = notify_init("Mantis") }
    }

    deinit {
        for notification in shown { release(notification) }
    }

    /// Shows one notification for `notice`. Without a notification server it is logged and dropped; the
    /// alert's email (when SMTP is configured) is not affected.
    public func notify(_ notice: PriceAlertNotice) {
        let body = notice.priceChange ?? notice.storeURL
        guard let notification = notify_notification_new(notice.title, Self.markupEscaped(body), "mantis") else { return }
        // Lets the server find the app's name and icon from its .desktop entry.
        notify_notification_set_hint(notification, "desktop-entry", g_variant_new_string("mantis"))
        notify_notification_set_category(notification, "transfer")

        let target = Target(productID: notice.productID, notifier: self)
        let invoked: @convention(c) (UnsafeMutablePointer<NotifyNotification>?, UnsafeMutablePointer<CChar>?, UnsafeMutableRawPointer?) -> Void = {
            _, _, data in
            let target = Unmanaged<Target>.fromOpaque(data!).takeUnretainedValue()
            target.notifier?.onOpen(target.productID)
        }
        let released: @convention(c) (UnsafeMutableRawPointer?) -> Void = { data in
            Unmanaged<Target>.fromOpaque(data!).release()
        }
        notify_notification_add_action(notification, "default", "Open", invoked, Unmanaged.passRetained(target).toOpaque(), released)

        let closed: @convention(c) (UnsafeMutableRawPointer?, UnsafeMutableRawPointer?) -> Void = { notification, data in
            let target = Unmanaged<Target>.fromOpaque(data!).takeUnretainedValue()
            target.notifier?.closed(notification!.assumingMemoryBound(to: NotifyNotification.self))
        }
        let closedReleased: @convention(c) (UnsafeMutableRawPointer?, UnsafeMutablePointer<GClosure>?) -> Void = { data, _ in
            Unmanaged<Target>.fromOpaque(data!).release()
        }
        g_signal_connect_data(
            notification, "closed", unsafeBitCast(closed, to: GCallback.self), Unmanaged.passRetained(target).toOpaque(),
            closedReleased, GConnectFlags(rawValue: 0))

        var error: UnsafeMutablePointer<GError>?
        guard notify_notification_show(notification, &error) != 0 else {
            let reason = error.map { String(cString: $0.pointee.message) } ?? "unknown"
            g_clear_error(&error)
            FileHandle.standardError.write(Data("mantis-desktop: the price alert notification could not be shown: \(reason)\n".utf8))
            g_object_unref(notification)
            return
        }
        shown.append(notification)
        if shown.count > maximumKept { release(shown.removeFirst()) }
    }

    private func closed(_ notification: UnsafeMutablePointer<NotifyNotification>) {
        guard let index = shown.firstIndex(of: notification) else { return }
        shown.remove(at: index)
        // Not from inside its own signal: GLib still holds the object while emitting.
        let pointer = UnsafeMutableRawPointer(notification)
        g_idle_add_full(G_PRIORITY_DEFAULT_IDLE, { data in
            g_object_unref(data)
            return 0  // G_SOURCE_REMOVE
        }, pointer, nil)
    }

    private func release(_ notification: UnsafeMutablePointer<NotifyNotification>) {
        g_object_unref(notification)
    }

    /// A notification's product and a weak way back to the notifier, as the callbacks' user data.
    private final class Target {
        let productID: UUID
        weak var notifier: DesktopNotifier?
        init(productID: UUID, notifier: DesktopNotifier) {
            self.productID = productID
            self.notifier = notifier
        }
    }

    /// The body may be read as markup (the specification's `body-markup` capability): a title or price with
    /// `&` or `<` must stay text.
    static func markupEscaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}
