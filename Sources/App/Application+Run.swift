import Logging
import Vapor

extension Application {
    /// Everything the `mantis` executable does: configure, run the command, shut down cleanly.
    public static func runMantis() async throws {
        var environment = try Environment.detect()
        try bootstrapMantisLogging(&environment)
        let app = try await Application.make(environment)
        do {
            try await configure(app)
            try await app.execute()
        } catch {
            // Configuration errors, unknown commands, failed commands: a message and status 1, not a crash.
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            try? await app.asyncShutdown()
            exit(1)
        }
        try await app.asyncShutdown()
    }

    /// The log handlers of `mantis` and `mantis-desktop`, once per process. LOG_FORMAT and LOG_LEVEL come from
    /// the process's environment (systemd's EnvironmentFile included): logging starts before `.env` files are read.
    public static func bootstrapMantisLogging(_ environment: inout Environment) throws {
        let variables = ProcessInfo.processInfo.environment
        if variables["LOG_FORMAT"]?.lowercased() == "json" {
            let level = variables["LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0.lowercased()) } ?? .info
            LoggingSystem.bootstrap { label in RedactingLogHandler(JSONLogHandler(label: label, level: level)) }
        } else {
            try LoggingSystem.bootstrap(from: &environment) { level in
                let console = Terminal()
                return { label in RedactingLogHandler(ConsoleLogger(label: label, console: console, level: level)) }
            }
        }
    }
}
