/// A missing or malformed environment variable; start-up stops with this message.
public struct ConfigurationError: Error, CustomStringConvertible, Equatable {
    public let variable: String
    public let message: String

    public var description: String { "Configuration error: \(variable) \(message)" }
}
