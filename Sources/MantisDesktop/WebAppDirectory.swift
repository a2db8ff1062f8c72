import Foundation

/// Where the web app's files (`Public/`) are for the local server: `MANTIS_PUBLIC_DIR` when set; else installed
/// beside the binary (`BIN/../share/mantis-desktop/Public` or `BIN/../share/mantis/Public`, as the install script
/// and the .deb lay it out); else the checkout the binary was built in (`swift build` puts it under `.build/`);
/// else `Public/` in the working directory.
public enum WebAppDirectory {
    public static func locate(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        executable: String = CommandLine.arguments.first ?? "",
        workingDirectory: String = FileManager.default.currentDirectoryPath
    ) -> String? {
        if let given = environment["MANTIS_PUBLIC_DIR"], !given.isEmpty { return given }
        let binary = URL(
            fileURLWithPath: executable, relativeTo: URL(fileURLWithPath: workingDirectory, isDirectory: true)
        )
        .resolvingSymlinksInPath().deletingLastPathComponent()
        var candidates = [
            binary.appendingPathComponent("../share/mantis-desktop/Public"),
            binary.appendingPathComponent("../share/mantis/Public"),
        ]
        // .build/debug/mantis-desktop, .build/x86_64-unknown-linux-gnu/release/mantis-desktop, …
        var folder = binary
        for _ in 0..<4 {
            folder = folder.deletingLastPathComponent()
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path) {
                candidates.append(folder.appendingPathComponent("Public"))
                break
            }
        }
        candidates.append(URL(fileURLWithPath: workingDirectory).appendingPathComponent("Public"))
        return candidates.map(\.standardized.path).first { FileManager.default.fileExists(atPath: $0 + "/index.html") }
    }
}
