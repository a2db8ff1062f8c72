/// Why a render failed.
enum RenderError: Error, Sendable, Equatable {
    /// Chromium could not be launched or stopped answering.
    case browserUnavailable(String)
    /// The page did not finish within the renderer's `pageTimeout`.
    case timeout
    /// Chromium reported a navigation error (`Page.navigate` `errorText`, a crash, a script failure).
    case navigationFailed(String)
    /// The page's own document request (or one of its redirects) was refused by `allowRequest`.
    case blocked
}
