import Logging
import Vapor

extension Application {
    /// Everything the `mantis` executable does: configure, run the command, shut down cleanly.
    public static func runMantis() async throws {
        var environment = try Environment.detect()
        try LoggingSystem.bootstrap(from: &environment)
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
}
