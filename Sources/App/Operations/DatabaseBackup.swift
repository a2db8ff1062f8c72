import Foundation

/// `mantis backup` / `mantis restore`: PostgreSQL through `pg_dump -Fc` / `pg_restore`, SQLite through its online
/// backup API. A backup is written under a temporary name, checked (`pg_restore --list`, `PRAGMA
/// integrity_check`), then renamed, so a file with a backup's name is always a whole, readable backup.
struct DatabaseBackup {
    let database: AppConfig.Database
    let tools: PostgresTools
    /// How many backups stay in the directory (`BACKUP_KEEP`).
    let keep: Int
    var now: @Sendable () -> Date = Date.init

    init(database: AppConfig.Database, tools: PostgresTools, keep: Int) {
        self.database = database
        self.tools = tools
        self.keep = keep
    }

    /// The configured database, `PG_BIN` and `BACKUP_KEEP`.
    init(config: AppConfig) {
        self.init(database: config.database, tools: PostgresTools(binDirectory: config.postgresBinDirectory), keep: config.backupKeep)
    }

    struct Written {
        let path: String
        let bytes: Int
        let removed: [String]
    }

    /// `mantis-20261202-031500Z.dump` (PostgreSQL) or `.sqlite`: UTC, so names sort by time.
    static func fileName(at date: Date, for database: AppConfig.Database) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let stamp = String(format: "%04d%02d%02d-%02d%02d%02dZ", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
        return "mantis-\(stamp).\(fileExtension(for: database))"
    }

    static func fileExtension(for database: AppConfig.Database) -> String {
        if case .postgres = database { "dump" } else { "sqlite" }
    }

    /// Names this command wrote (of either kind), so retention never touches anything else in the directory.
    static func isBackupName(_ name: String) -> Bool {
        name.wholeMatch(of: /mantis-\d{8}-\d{6}Z\.(dump|sqlite)/) != nil
    }

    /// The backups to delete so that the newest `keep` stay.
    static func expired(_ names: [String], keep: Int) -> [String] {
        let backups = names.filter(isBackupName).sorted(by: >)
        return Array(backups.dropFirst(keep)).sorted()
    }

    func write(into directory: String) throws -> Written {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let name = Self.fileName(at: now(), for: database)
        let final = (directory as NSString).appendingPathComponent(name)
        guard !FileManager.default.fileExists(atPath: final) else {
            throw PostgresTools.Failure(description: "\(final) exists already (one backup per second)")
        }
        let partial = final + ".partial"
        try? FileManager.default.removeItem(atPath: partial)
        do {
            switch database {
            case .sqlite(let path):
                guard path != ":memory:" else { throw PostgresTools.Failure(description: "an in-memory database has nothing to back up") }
                guard FileManager.default.fileExists(atPath: path) else { throw PostgresTools.Failure(description: "no database at \(path)") }
                do {
                    let source = try SQLiteFile(path: path, create: false)
                    let copy = try SQLiteFile(path: partial, create: true)
                    try source.copy(into: copy)
                    if let problems = try copy.integrityProblems() {
                        throw PostgresTools.Failure(description: "the backup failed its integrity check: \(problems)")
                    }
                }
            case .postgres(let url):
                _ = FileManager.default.createFile(atPath: partial, contents: nil, attributes: [.posixPermissions: 0o600])
                try tools.run("pg_dump", ["--format=custom", "--file", partial], url: url)
                // Reading the archive's table of contents proves pg_restore can read what was written.
                let list = try tools.run("pg_restore", ["--list", partial], url: url)
                guard String(decoding: list, as: UTF8.self).contains("TABLE DATA") else {
                    throw PostgresTools.Failure(description: "the dump holds no table data")
                }
            }
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: partial)
            try FileManager.default.moveItem(atPath: partial, toPath: final)
        } catch {
            try? FileManager.default.removeItem(atPath: partial)
            throw error
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: directory)
        let removed = Self.expired(names, keep: keep)
        for name in removed { try FileManager.default.removeItem(atPath: (directory as NSString).appendingPathComponent(name)) }
        let bytes = (try FileManager.default.attributesOfItem(atPath: final)[.size] as? Int) ?? 0
        return Written(path: final, bytes: bytes, removed: removed)
    }

    /// Replaces the configured database's contents with the backup's.
    func restore(from file: String) throws {
        guard FileManager.default.fileExists(atPath: file) else { throw PostgresTools.Failure(description: "no file at \(file)") }
        switch database {
        case .sqlite(let path):
            let source = try SQLiteFile(path: file, create: false)
            if let problems = try source.integrityProblems() {
                throw PostgresTools.Failure(description: "\(file) is not a sound SQLite database: \(problems)")
            }
            guard try source.tableNames().contains("_fluent_migrations") else {
                throw PostgresTools.Failure(description: "\(file) is not a Mantis database")
            }
            let target = try SQLiteFile(path: path, create: true)
            try source.copy(into: target)
        case .postgres(let url):
            guard !file.hasSuffix(".sqlite") else {
                throw PostgresTools.Failure(description: "\(file) is a SQLite backup; the configured database is PostgreSQL (see `mantis transfer`)")
            }
            _ = try tools.run("pg_restore", ["--list", file], url: url)
            let database = try PostgresTools.libpqEnvironment(for: url)["PGDATABASE"]!
            // One transaction: a restore that fails half way leaves the database as it was.
            try tools.run(
                "pg_restore",
                ["--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error",
                 "--dbname", database, file],
                url: url)
        }
    }
}
