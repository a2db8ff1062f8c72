/// Why a transport could not deliver. Permanent failures (a 5xx from the server, such as an unknown
/// recipient) are retried only a few times; everything else is retried with back-off for a day.
struct MailDeliveryError: Error, CustomStringConvertible, Sendable {
    let description: String
    let isPermanent: Bool
}
