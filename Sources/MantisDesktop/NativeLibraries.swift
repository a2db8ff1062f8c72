import CAppIndicator
import CGtkWebKit
import CLibNotify
import CLibSecret

/// The versions of the native libraries the desktop app links, for `mantis-desktop --version`.
public enum NativeLibraries {
    public static var summary: String {
        "GTK \(gtk_get_major_version()).\(gtk_get_minor_version()), WebKitGTK \(webkit_get_major_version()).\(webkit_get_minor_version())"
    }
}
