/// The SASL mechanisms this client can use. `PLAIN` is preferred: one round trip, same secrecy.
public enum SMTPAuthMechanism: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case plain = "PLAIN"
    case login = "LOGIN"

    /// The best mechanism among those the server offers, nil if none is usable.
    static func preferred(among offered: [String]) -> SMTPAuthMechanism? {
        allCases.first { offered.contains($0.rawValue) }
    }

    public var description: String { rawValue }
}
