import App
import Vapor

@main
enum Entrypoint {
    static func main() async throws {
        try await Application.runMantis()
    }
}
