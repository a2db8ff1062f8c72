import Foundation

/// Where the desktop app keeps its files, by the XDG base directory specification.
public struct DesktopPaths: Sendable {
    public let dataDirectory: String
    public let configDirectory: String

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        let home = environment["HOME"] ?? NSHomeDirectory()
        let data = environment["XDG_DATA_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil } ?? "\(home)/.local/share"
        let config = environment["XDG_CONFIG_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil } ?? "\(home)/.config"
        dataDirectory = "\(data)/mantis"
        configDirectory = "\(config)/mantis"
    }

    /// The local-mode database: `$XDG_DATA_HOME/mantis/mantis.sqlite`.
    public var database: String { "\(dataDirectory)/mantis.sqlite" }
}
