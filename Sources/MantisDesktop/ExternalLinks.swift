import Foundation

/// Which navigations the window follows itself and which go to the user's browser: the window shows one web app
/// (the local server's, or the connected server's), so a page of any other origin — a store's product page above
/// all — opens with `xdg-open` and never inside the app, where it would see the bridge and look like Mantis.
public enum ExternalLinks {
    public enum Decision: Equatable, Sendable {
        /// Load it in the window.
        case follow
        /// Hand it to the user's browser (and load nothing).
        case openExternally
        /// Neither (a scheme no browser should be handed from here, e.g. `file:`).
        case refuse
    }

    /// `appOrigin` is the origin of the web app the window shows. `newWindow`: the page asked for a new window
    /// (`target="_blank"`, `window.open`), which the app never opens.
    public static func decide(url: String, appOrigin: ServerOrigin?, newWindow: Bool) -> Decision {
        let lowered = url.lowercased()
        // The window's own placeholders (the start-up page is HTML loaded without a URL).
        if lowered == "about:blank" { return newWindow ? .refuse : .follow }
        if let origin = ServerOrigin(url: url) {
            if let appOrigin, origin == appOrigin { return .follow }
            return .openExternally
        }
        if lowered.hasPrefix("mailto:") { return .openExternally }
        return .refuse
    }

    /// Starts `xdg-open URL` (found on PATH) and does not wait for it.
    public static func openInBrowser(_ url: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["xdg-open", url]
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            FileHandle.standardError.write(Data("mantis-desktop: could not start xdg-open: \(error)\n".utf8))
        }
    }
}
