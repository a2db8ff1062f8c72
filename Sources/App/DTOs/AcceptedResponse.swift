import Vapor

/// The body of a 202: the same whatever happened behind it.
struct AcceptedResponse: Content {
    let status: String
    let message: String
}
