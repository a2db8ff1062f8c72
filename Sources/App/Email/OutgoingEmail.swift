/// A rendered message ready for a transport: the envelope and the full RFC 5322 text.
struct OutgoingEmail: Sendable {
    let envelopeFrom: String
    let recipient: String
    let subject: String
    let data: String
}
