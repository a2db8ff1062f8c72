import CGtkWebKit

/// GTK is single-threaded: whatever touches a widget, the web view or the tray runs on the thread that runs
/// the GLib main loop (the process's main thread, in `gtk_main`). Swift's main actor is not driven by that
/// loop on Linux, so code on other threads (the server's event loops, tasks) hops over with `GLibMain.async`.
public enum GLibMain {
    private final class Job {
        let body: () -> Void
        init(_ body: @escaping () -> Void) { self.body = body }
    }

    /// Runs `body` on the main loop's thread, once, as soon as it is idle (`g_idle_add`).
    public static func async(_ body: @escaping @Sendable () -> Void) {
        let job = Unmanaged.passRetained(Job(body)).toOpaque()
        g_idle_add_full(G_PRIORITY_DEFAULT, { data in
            let job = Unmanaged<Job>.fromOpaque(data!).takeRetainedValue()
            job.body()
            return 0  // G_SOURCE_REMOVE
        }, job, nil)
    }
}
