import Foundation
import NIOPosix
import Vapor

/// `mantis export [--user EMAIL] [--output FILE]`: one account's products, price history and settings as a
/// `mantis-export` file (no password hash, no sessions or tokens), on standard output unless `--output`.
struct ExportCommand: AnyAsyncCommand {
    var help: String {
        """
        Write one account's products, price history and settings as JSON (format mantis-export, version 1).
        Usage: mantis export [--user EMAIL] [--output FILE]
        --user EMAIL   the account (required in web mode; local mode's built-in user otherwise)
        --output FILE  write FILE (0600) instead of standard output
        """
    }

    func run(using context: inout CommandContext) async throws {
        let arguments = try CommandArguments(context.input.arguments, flags: [], options: ["user", "output"])
        if let extra = arguments.positionals.first {
            throw CommandFailure(description: "Unexpected argument \(extra): the file goes to standard output, or to --output FILE.")
        }
        let app = context.application
        try await CommandUser.requireMigrated(app)
        let user = try await CommandUser.resolve(arguments.options["user"], on: app)
        let export = try await UserDataExporter(database: app.db, direct: app.mantis.sqliteReader).export(user, at: app.mantis.now())
        var data = try await NIOThreadPool.singleton.runIfActive { try export.encoded() }
        data.append(0x0A)
        guard let path = arguments.options["output"] else {
            FileHandle.standardOutput.write(data)
            return
        }
        let file = data
        do {
            try await NIOThreadPool.singleton.runIfActive { try Self.writePrivately(file, to: path) }
        } catch {
            throw CommandFailure(description: "Could not write \(path): \(error)")
        }
        let points = export.products.reduce(0) { $0 + $1.history.count }
        context.console.print("Exported \(user.email): \(export.products.count) product(s), \(points) price point(s) to \(path).")
    }

    /// The file holds one person's data: created 0600 (never readable by others, not even for a moment) under a
    /// temporary name, then renamed over `path`, so a failed write leaves no half file behind.
    static func writePrivately(_ data: Data, to path: String) throws {
        let partial = path + ".partial"
        let descriptor = open(partial, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw POSIXFailure(call: "open", code: errno) }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        do {
            // A partial file left by an earlier run may have been created with other permissions.
            guard fchmod(descriptor, 0o600) == 0 else { throw POSIXFailure(call: "fchmod", code: errno) }
            try handle.write(contentsOf: data)
            try handle.synchronize()
            try handle.close()
        } catch {
            unlink(partial)
            throw error
        }
        guard rename(partial, path) == 0 else {
            let code = errno
            unlink(partial)
            throw POSIXFailure(call: "rename", code: code)
        }
    }

    struct POSIXFailure: Error, CustomStringConvertible {
        let call: String
        let code: Int32
        var description: String { "\(call): \(String(cString: strerror(code)))" }
    }
}
