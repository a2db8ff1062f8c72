import Fluent
import Foundation
import MantisSMTP
import SQLKit
import Vapor

/// `mantis doctor`: reads the configuration as the server would and checks what a self-hoster gets wrong, a
/// line each — `ok`, `warn` or `FAIL` with the fix. Exit status 1 when anything failed. Sends no email.
struct DoctorCommand: AsyncCommand {
    struct Signature: CommandSignature {}

    var help: String { "Check the configuration, database, migrations, mail and background work; exit 1 on a failure" }

    struct Finding {
        enum Verdict: String { case ok = "ok  ", warn = "warn", fail = "FAIL" }
        let verdict: Verdict
        let check: String
        let detail: String
        var fix: String? = nil
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let findings = await Self.findings(app)
        for finding in findings {
            var line = "\(finding.verdict.rawValue)  \(finding.check): \(finding.detail)"
            if let fix = finding.fix { line += " — fix: \(fix)" }
            context.console.print(line)
        }
        let failed = findings.filter { $0.verdict == .fail }.count
        guard failed == 0 else { throw CommandFailure(description: "\(failed) check(s) failed.") }
        context.console.print("All checks passed.")
    }

    static func findings(_ app: Application) async -> [Finding] {
        let config = app.mantis.config
        let production = app.environment == .production
        var findings: [Finding] = []
        let databaseName = config.isSQLite ? "SQLite" : "PostgreSQL"

        // The database, and only then what lives in it.
        var reachable = false
        do {
            _ = try await app.db.sql.raw("SELECT 1").all()
            reachable = true
            findings.append(Finding(verdict: .ok, check: "database", detail: "\(databaseName) answers"))
        } catch {
            findings.append(Finding(
                verdict: .fail, check: "database", detail: "\(databaseName) does not answer (\(String(describing: error).prefix(160)))",
                fix: config.isSQLite ? "check MANTIS_DB_PATH and its folder's permissions" : "check DATABASE_URL, that PostgreSQL runs, and pg_hba.conf"))
        }
        if reachable {
            let pending = await Migrations.pending(on: app) ?? Migrations.all.map(\.name)
            findings.append(pending.isEmpty
                ? Finding(verdict: .ok, check: "migrations", detail: "all \(Migrations.all.count) applied")
                : Finding(verdict: .fail, check: "migrations", detail: "\(pending.count) pending: \(pending.joined(separator: ", "))",
                          fix: "run `mantis migrate --yes`"))
            if pending.isEmpty { findings += await backgroundWork(app) }
            findings.append(await clock(app))
        }

        // Tokens.
        if config.jwtSecretIsEphemeral {
            findings.append(Finding(
                verdict: production ? .fail : .warn, check: "JWT key",
                detail: "JWT_SECRET_KEY is unset: every restart signs everyone out", fix: "set JWT_SECRET_KEY to `openssl rand -hex 32`"))
        } else if Set(config.jwtSecret).count < 12 {
            findings.append(Finding(
                verdict: .fail, check: "JWT key", detail: "JWT_SECRET_KEY repeats a few characters: easy to guess",
                fix: "set JWT_SECRET_KEY to `openssl rand -hex 32`"))
        } else {
            findings.append(Finding(verdict: .ok, check: "JWT key", detail: "set, \(config.jwtSecret.count) bytes"))
        }

        // The public address and the browsers allowed to call the API.
        let frontend = URL(string: config.frontendURL)
        let secure = frontend?.scheme == "https"
        let frontendOrigin = frontend.map { "\($0.scheme ?? "http")://\($0.host ?? "")" + ($0.port.map { ":\($0)" } ?? "") } ?? ""
        if production, !secure {
            findings.append(Finding(
                verdict: .fail, check: "FRONTEND_URL", detail: "\(config.frontendURL) is not https: email links and cookies travel in clear",
                fix: "set FRONTEND_URL to the https address people use (the tunnel's hostname)"))
        } else {
            findings.append(Finding(verdict: secure ? .ok : .warn, check: "FRONTEND_URL", detail: config.frontendURL))
        }
        if !config.corsAllowOrigins.contains(frontendOrigin) {
            findings.append(Finding(
                verdict: .fail, check: "CORS_ALLOW_ORIGINS", detail: "does not include FRONTEND_URL's origin \(frontendOrigin): the web app cannot call the API",
                fix: "add \(frontendOrigin) to CORS_ALLOW_ORIGINS or leave it unset"))
        } else if let plain = config.corsAllowOrigins.first(where: { $0.hasPrefix("http://") }), production {
            findings.append(Finding(
                verdict: .fail, check: "CORS_ALLOW_ORIGINS", detail: "\(plain) is not https",
                fix: "list only https origins in production"))
        } else {
            findings.append(Finding(verdict: .ok, check: "CORS_ALLOW_ORIGINS", detail: config.corsAllowOrigins.joined(separator: ", ")))
        }

        findings.append(await mail(config, heloName: frontend?.host ?? "localhost", eventLoopGroup: app.eventLoopGroup))
        if case .sqlite(let path) = config.database, path != ":memory:" { findings.append(disk(path)) }
        return findings
    }

    /// SMTP: connects, greets, STARTTLS/TLS and AUTH as configured, then QUIT: no mail is sent.
    static func mail(_ config: AppConfig, heloName: String, eventLoopGroup: any EventLoopGroup) async -> Finding {
        guard let smtp = config.smtp else {
            let verdict: Finding.Verdict = config.mode == .web ? .warn : .ok
            return Finding(
                verdict: verdict, check: "mail", detail: "MAIL_TRANSPORT=\(config.mailTransport.rawValue): no email leaves this machine",
                fix: config.mode == .web ? "set SMTP_HOST (and SMTP_USER/SMTP_PASSWORD) so verification and alerts arrive" : nil)
        }
        let transport = SMTPMailTransport(settings: smtp, heloName: heloName, eventLoopGroup: eventLoopGroup)
        do {
            let session = try await transport.client.check()
            let how = [session.encrypted ? "encrypted" : "unencrypted", session.authMechanism.map { "AUTH \($0)" }].compactMap { $0 }
            return Finding(verdict: .ok, check: "mail", detail: "SMTP \(smtp.host):\(smtp.port) accepts us (\(how.joined(separator: ", ")))")
        } catch {
            return Finding(
                verdict: .fail, check: "mail", detail: "SMTP \(smtp.host):\(smtp.port): \(error)",
                fix: "check SMTP_HOST, SMTP_PORT, SMTP_USE_TLS and the credentials (`mantis send-test-email ADDRESS` sends one)")
        }
    }

    /// The scheduler and the outbox keep up: nothing due long ago, no email waiting for an hour.
    static func backgroundWork(_ app: Application) async -> [Finding] {
        let config = app.mantis.config
        let now = Date()
        var findings: [Finding] = []
        let overdue = now.addingTimeInterval(-2 * config.refreshInterval)
        if let count = try? await Product.query(on: app.db).filter(\.$nextCheckAt < overdue).count() {
            findings.append(count == 0
                ? Finding(verdict: .ok, check: "scheduler", detail: "no product overdue")
                : Finding(verdict: config.schedulerEnabled ? .fail : .warn, check: "scheduler",
                          detail: "\(count) product(s) due for over \(Int(2 * config.refreshInterval / 3600)) h",
                          fix: config.schedulerEnabled ? "is `mantis serve` running? see its log for check failures" : "REFRESH_SCHEDULER=false: run `mantis refresh` from cron"))
        }
        if let rows = try? await DriverRows.query(
            "SELECT MIN(created_at) FROM email_outbox WHERE status = 'pending'", [], on: app.db),
           let oldest = try? rows.first?.date(0)
        {
            let age = now.timeIntervalSince(oldest)
            findings.append(age < 3600
                ? Finding(verdict: .ok, check: "outbox", detail: "oldest unsent email \(Int(age / 60)) min old")
                : Finding(verdict: .fail, check: "outbox", detail: "an email has waited \(Int(age / 3600)) h",
                          fix: "check the mail settings (`mantis doctor` mail line) and that `mantis serve` runs"))
        } else {
            findings.append(Finding(verdict: .ok, check: "outbox", detail: "nothing waiting"))
        }
        return findings
    }

    /// This machine's clock against the database's (tokens and schedules depend on it).
    static func clock(_ app: Application) async -> Finding {
        let now = Date()
        guard now > Date(timeIntervalSince1970: 1_700_000_000) else {
            return Finding(verdict: .fail, check: "clock", detail: "the system clock says \(now)", fix: "enable NTP (`timedatectl set-ntp true`)")
        }
        guard !app.mantis.config.isSQLite,
              let row = try? await DriverRows.query("SELECT now()", [], on: app.db).first, let database = try? row.date(0)
        else { return Finding(verdict: .ok, check: "clock", detail: "\(now.formatted(.iso8601))") }
        let skew = abs(database.timeIntervalSince(now))
        return skew < 60
            ? Finding(verdict: .ok, check: "clock", detail: "agrees with PostgreSQL's within \(Int(skew)) s")
            : Finding(verdict: .fail, check: "clock", detail: "\(Int(skew)) s from PostgreSQL's", fix: "enable NTP on both machines")
    }

    /// Room for the SQLite file to grow.
    static func disk(_ path: String) -> Finding {
        let folder = (path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent
        guard let attributes = try? FileManager.default.attributesOfFileSystem(forPath: folder),
              let free = (attributes[.systemFreeSize] as? NSNumber)?.int64Value
        else { return Finding(verdict: .warn, check: "disk", detail: "cannot read the free space of \(folder)") }
        let megabytes = free / 1_048_576
        return megabytes >= 500
            ? Finding(verdict: .ok, check: "disk", detail: "\(megabytes) MB free beside \(path)")
            : Finding(verdict: .fail, check: "disk", detail: "only \(megabytes) MB free beside \(path)", fix: "free space or move MANTIS_DB_PATH")
    }
}
