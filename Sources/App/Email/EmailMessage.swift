/// One email, as Mantis composes it: a plain-text body and an optional HTML alternative.
struct EmailMessage: Sendable, Equatable {
    var to: String
    var subject: String
    var text: String
    var html: String?
}
