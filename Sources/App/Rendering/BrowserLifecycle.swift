import Vapor

/// Stops the rendering browser, and removes its temporary profile, when the app shuts down.
struct BrowserLifecycle: LifecycleHandler {
    let browser: ChromiumBrowser

    func shutdownAsync(_ application: Application) async {
        await browser.shutdown()
    }
}
