// GTK 3 and WebKitGTK (Debian's libwebkit2gtk-4.1-dev), for the desktop app's window.
#include <gtk/gtk.h>
#include <webkit2/webkit2.h>

// g_signal_connect is a macro Swift cannot call.
static inline gulong mantis_signal_connect(gpointer instance, const gchar *signal, GCallback handler, gpointer data) {
    return g_signal_connect_data(instance, signal, handler, data, NULL, (GConnectFlags)0);
}
