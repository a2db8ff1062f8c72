extension RenderError {
    /// What the user is told, in the words of `PageFetchError.reason`.
    var reason: String {
        switch self {
        case .browserUnavailable: "The page needs a browser to show its price, and the browser could not be started."
        case .timeout: "The page needs a browser to show its price, and it did not finish loading in time."
        case .navigationFailed(let why): "The page needs a browser to show its price, and it could not be loaded (\(why))."
        case .blocked: "This address cannot be read by Mantis: it is not on the public internet."
        }
    }

    /// Refused by Mantis's own address policy: the user must change the URL.
    var isPolicyRefusal: Bool { self == .blocked }
}

extension ChromiumRenderer: PageRenderer {}
