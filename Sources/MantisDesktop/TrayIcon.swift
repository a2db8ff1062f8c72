import CAppIndicator
import CGtkWebKit
import Foundation

/// The tray icon (libayatana-appindicator: a StatusNotifierItem on the session bus) with Open Mantis,
/// Refresh all now and Quit. GTK objects: create, show and drop it on the main loop's thread only.
public final class TrayIcon {
    /// The name a tray host (GNOME's AppIndicator extension, KDE, XFCE's and others' panels) owns while it
    /// shows StatusNotifierItems. Without an owner the indicator would be invisible, so the window must not
    /// hide into it.
    static let watcherName = "org.kde.StatusNotifierWatcher"

    /// True when a StatusNotifierWatcher owns its name on the session bus, asked now (a panel may start or
    /// stop while the app runs). False without a session bus.
    public static var hostAvailable: Bool {
        var error: UnsafeMutablePointer<GError>?
        guard let bus = g_bus_get_sync(GBusType(rawValue: 2) /* G_BUS_TYPE_SESSION */, nil, &error) else {
            g_clear_error(&error)
            return false
        }
        defer { g_object_unref(UnsafeMutableRawPointer(bus)) }
        return watcherPresent(on: bus)
    }

    /// `org.freedesktop.DBus.NameHasOwner(watcherName)`, waiting at most a second.
    private static func watcherPresent(on bus: OpaquePointer) -> Bool {
        var name: OpaquePointer? = g_variant_new_string(watcherName)
        let arguments = g_variant_new_tuple(&name, 1)
        var error: UnsafeMutablePointer<GError>?
        guard let reply = g_dbus_connection_call_sync(
            bus, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", "NameHasOwner", arguments,
            nil, GDBusCallFlags(rawValue: 0), 1000, nil, &error)
        else {
            g_clear_error(&error)
            return false
        }
        defer { g_variant_unref(reply) }
        guard let answer = g_variant_get_child_value(reply, 0) else { return false }
        defer { g_variant_unref(answer) }
        return g_variant_get_boolean(answer) != 0
    }

    private let onOpen: () -> Void
    private let onRefreshAll: () -> Void
    private let onQuit: () -> Void
    private var indicator: UnsafeMutablePointer<AppIndicator>?

    public init(onOpen: @escaping () -> Void, onRefreshAll: @escaping () -> Void, onQuit: @escaping () -> Void) {
        self.onOpen = onOpen
        self.onRefreshAll = onRefreshAll
        self.onQuit = onQuit
    }

    deinit {
        if let indicator { g_object_unref(indicator) }
    }

    /// Registers the icon with the tray host (again a no-op once shown). Where no host exists the library
    /// keeps waiting for one and shows it when a panel starts.
    public func show() {
        guard indicator == nil else { return }
        let indicator = app_indicator_new("mantis", "mantis", APP_INDICATOR_CATEGORY_APPLICATION_STATUS)!
        if let directory = Self.iconDirectory() { app_indicator_set_icon_theme_path(indicator, directory) }
        app_indicator_set_title(indicator, "Mantis")

        let menu = gtk_menu_new()!
        let open = Self.item("Open Mantis", in: menu, action: onOpen)
        _ = Self.item("Refresh all now", in: menu, action: onRefreshAll)
        gtk_menu_shell_append(cast(menu), gtk_separator_menu_item_new())
        _ = Self.item("Quit", in: menu, action: onQuit)
        gtk_widget_show_all(menu)
        app_indicator_set_menu(indicator, cast(menu))
        // A middle click on the icon (where the host supports it) opens the window, like the first item.
        app_indicator_set_secondary_activate_target(indicator, open)
        app_indicator_set_status(indicator, APP_INDICATOR_STATUS_ACTIVE)
        self.indicator = indicator
    }

    /// Closure boxes handed to GLib as a signal's user data, released with the menu item.
    private final class Action {
        let body: () -> Void
        init(_ body: @escaping () -> Void) { self.body = body }
    }

    private static func item(_ label: String, in menu: UnsafeMutablePointer<GtkWidget>, action: @escaping () -> Void)
        -> UnsafeMutablePointer<GtkWidget>
    {
        let item = gtk_menu_item_new_with_label(label)!
        let activated: @convention(c) (UnsafeMutableRawPointer?, UnsafeMutableRawPointer?) -> Void = { _, data in
            Unmanaged<Action>.fromOpaque(data!).takeUnretainedValue().body()
        }
        let released: @convention(c) (UnsafeMutableRawPointer?, UnsafeMutablePointer<GClosure>?) -> Void = { data, _ in
            Unmanaged<Action>.fromOpaque(data!).release()
        }
        g_signal_connect_data(
            item, "activate", unsafeBitCast(activated, to: GCallback.self), Unmanaged.passRetained(Action(action)).toOpaque(),
            released, GConnectFlags(rawValue: 0))
        gtk_menu_shell_append(cast(menu), item)
        return item
    }

    /// A folder holding `mantis.svg` when the icon theme has no `mantis` icon (run from the checkout rather than
    /// installed): the tray host is told to look there.
    private static func iconDirectory() -> String? {
        if gtk_icon_theme_has_icon(gtk_icon_theme_get_default(), "mantis") != 0 { return nil }
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        let candidates = [
            executable.appendingPathComponent("../share/icons/hicolor/scalable/apps").standardized.path,
            FileManager.default.currentDirectoryPath + "/deploy/desktop",
        ]
        return candidates.first { FileManager.default.fileExists(atPath: $0 + "/mantis.svg") }
    }
}

/// GObject's upcasts and downcasts (GTK_MENU_SHELL(…) and the like are macros): the same pointer, another type.
fileprivate func cast<T>(_ pointer: UnsafeMutableRawPointer?) -> UnsafeMutablePointer<T> {
    pointer!.assumingMemoryBound(to: T.self)
}
