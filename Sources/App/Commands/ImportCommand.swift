import Foundation
import NIOPosix
import Vapor

/// `mantis import FILE [--user EMAIL]`: reads a `mantis-export` file into one account, merging by URL (see
/// `UserDataImporter`), in one transaction. A file it cannot read, or of a version it does not know, is
/// refused before anything is written.
struct ImportCommand: AnyAsyncCommand {
    var help: String {
        """
        Read a mantis-export file (from `mantis export` or the web app's "Download my data") into one account.
        Products are merged by URL; importing the same file again changes nothing.
        Usage: mantis import FILE [--user EMAIL]
        --user EMAIL   the account (required in web mode; local mode's built-in user otherwise)
        """
    }

    func run(using context: inout CommandContext) async throws {
        let arguments = try CommandArguments(context.input.arguments, flags: [], options: ["user"])
        guard arguments.positionals.count == 1, let path = arguments.positionals.first else {
            throw CommandFailure(description: "Give one file: mantis import FILE [--user EMAIL].")
        }
        let export: UserDataExport
        do {
            export = try await NIOThreadPool.singleton.runIfActive {
                try UserDataExport.decode(try Data(contentsOf: URL(fileURLWithPath: path)))
            }
        } catch let error as UserDataExport.Unreadable {
            throw CommandFailure(description: "Nothing was imported: \(error)")
        } catch {
            throw CommandFailure(description: "Could not read \(path): \(error.localizedDescription)")
        }
        let app = context.application
        try await CommandUser.requireMigrated(app)
        let user = try await CommandUser.resolve(arguments.options["user"], on: app)
        let counts: UserDataImporter.Counts
        do {
            let config = app.mantis.config
            let importer = UserDataImporter(
                database: app.db, transaction: app.mantis.transaction,
                productLimit: config.mode == .web ? config.maxProductsPerUser : 0)
            counts = try await importer.importData(export, into: user.requireID())
        } catch let error as UserDataExport.Unreadable {
            throw CommandFailure(description: "Nothing was imported: \(error)")
        } catch let error as UserDataImporter.Refusal {
            throw CommandFailure(description: "\(error)")
        }
        context.console.print("Imported \(path) into \(user.email): \(counts).")
    }
}
