import Foundation

/// Reads a product page over HTTP. The real one is `HTTPPageFetcher`.
protocol PageFetcher: Sendable {
    func fetch(_ url: URL) async throws(PageFetchError) -> FetchedPage
}

struct FetchedPage: Sendable {
    let finalURL: URL
    let html: String
}

enum PageFetchError: Error, Equatable, Sendable {
    case blockedAddress
    case blockedPort(Int)
    case unresolvable(String)
    case tooManyRedirects
    case httpStatus(Int)
    /// The store refused us (403/429) or showed a robot check instead of the page.
    case refusedByStore(String)
    case notHTML(String)
    case tooLarge
    case timeout
    case connection(String)

    /// What the user is told.
    var reason: String {
        switch self {
        // One reason for every blocked address, never the address or its kind: answers must not map the
        // server's own network for whoever asks.
        case .blockedAddress: "This address cannot be read by Mantis: it is not on the public internet."
        case .blockedPort(let port): "Only the standard web ports 80 and 443 can be read, not \(port)."
        case .unresolvable(let host): "The store's address \(host) could not be found."
        case .tooManyRedirects: "The page redirected more than 5 times."
        case .httpStatus(let status): "The store answered with HTTP \(status)."
        case .refusedByStore(let why): "The store blocked the check (\(why)); Mantis will try again later."
        case .notHTML(let type): "The address is not a web page (\(type))."
        case .tooLarge: "The page is larger than 8 MB."
        case .timeout: "The store took too long to answer."
        case .connection(let what): "The store could not be reached (\(what))."
        }
    }

    /// Refused by Mantis's own address policy, before any connection: the user must change the URL.
    var isPolicyRefusal: Bool {
        switch self {
        case .blockedAddress, .blockedPort: true
        default: false
        }
    }
}

extension MantisError {
    /// What the client is told when a page could not be read.
    init(_ error: PageFetchError) {
        if error.isPolicyRefusal {
            self = .fetchBlocked(error.reason)
        } else if case .refusedByStore = error {
            self = .storeRefused(error.reason)
        } else {
            self = .fetchFailed(error.reason)
        }
    }
}
