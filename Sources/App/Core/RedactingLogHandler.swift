import Logging

/// Keeps secrets out of the most talkative log levels. Vapor's trace lines of HTTP parts lose their headers
/// and bodies. And values stay out of the database drivers' debug lines: FluentKit logs each query's `input` and `filters`
/// and SQLKit its `binds`, which at LOG_LEVEL=debug put queued emails (their one-time links), password hashes
/// and addresses into the log. Those metadata values become `<redacted>`; the SQL text (parameterised, no
/// values) stays, so a debug log still says what ran.
struct RedactingLogHandler: LogHandler {
    var wrapped: any LogHandler

    static let databaseSources: Set<String> = [
        "FluentKit", "FluentSQL", "SQLKit", "SQLiteKit", "SQLiteNIO", "FluentSQLiteDriver", "PostgresKit", "PostgresNIO",
        "FluentPostgresDriver",
    ]
    static let valueKeys: Set<String> = ["binds", "input", "filters", "value", "values", "row", "sorts", "joins"]

    init(_ wrapped: any LogHandler) { self.wrapped = wrapped }

    var logLevel: Logger.Level {
        get { wrapped.logLevel }
        set { wrapped.logLevel = newValue }
    }

    var metadata: Logger.Metadata {
        get { wrapped.metadata }
        set { wrapped.metadata = newValue }
    }

    var metadataProvider: Logger.MetadataProvider? {
        get { wrapped.metadataProvider }
        set { wrapped.metadataProvider = newValue }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { wrapped[metadataKey: key] }
        set { wrapped[metadataKey: key] = newValue }
    }

    func log(event: LogEvent) {
        var event = event
        // Vapor's trace lines of each decoded and encoded HTTP part hold the headers (Authorization, Cookie,
        // Set-Cookie) and the body (passwords, tokens): only what kind of part it was is kept.
        if event.level == .trace, event.source == "Vapor", let range = event.message.description.range(of: "HTTP part") {
            event.message = "\(event.message.description[..<range.upperBound]) (headers and body not logged)"
        }
        if Self.databaseSources.contains(event.source), var values = event.metadata {
            for key in values.keys where Self.valueKeys.contains(key) { values[key] = "<redacted>" }
            event.metadata = values
        }
        wrapped.log(event: event)
    }
}
