/// How a recorded check ended, as `mantis_checks_total` counts it. A small fixed set, since each value is a
/// metric label; the check log itself keeps the exact reason.
enum CheckOutcome: String, CaseIterable, Sendable {
    /// Read, and the price is the one already stored (or the page gave none).
    case ok
    /// Read, with a price other than the one stored before.
    case priceChanged = "price_changed"
    /// The store refused the check: 403, 429 or a robot-check page.
    case blocked
    /// Mantis's own address policy refused the URL (a private address, a port other than 80/443).
    case notAllowed = "not_allowed"
    /// The page was read but showed no product title or price.
    case noProduct = "no_product"
    /// Anything else: timeouts, connection errors, other HTTP statuses, a browser failure.
    case failed

    init(failure error: any Error) {
        self = switch error as? MantisError {
        case .storeRefused: .blocked
        case .fetchBlocked: .notAllowed
        case .noProductFound: .noProduct
        default: .failed
        }
    }
}
