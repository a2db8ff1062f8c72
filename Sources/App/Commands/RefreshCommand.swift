import Fluent
import Vapor

/// `mantis refresh [--all]`: one scheduler round from the command line (for cron, or to see what fails).
struct RefreshCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Flag(name: "all", help: "Check every product now, not only those that are due.")
        var all: Bool
    }

    var help: String { "Check due products once (all products with --all) and report." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        guard try await app.migrator.previewPrepareBatch().get().isEmpty else {
            throw CommandFailure(description: "The database needs migrating first: run `mantis migrate --yes`.")
        }
        try await enableWriteAheadLog(app)
        if signature.all {
            // Also frees products a crashed run had claimed.
            try await Product.query(on: app.db).set(\.$nextCheckAt, to: nil).set(\.$leaseExpiresAt, to: nil).update()
        }
        let started = ContinuousClock.now
        let summary = try await app.mantis.scheduler.runRound()
        let elapsed = ContinuousClock.now - started
        context.console.print(
            "Checked \(summary.checked) product(s): \(summary.checked - summary.failed) succeeded, \(summary.failed) failed "
                + "in \(elapsed.formatted(.units(allowed: [.seconds], fractionalPart: .show(length: 2)))).")
        for product in try await Product.query(on: app.db).filter(\.$lastError != nil).all() {
            context.console.print("  failed: \(product.url) — \(product.lastError ?? "")")
        }
    }
}
