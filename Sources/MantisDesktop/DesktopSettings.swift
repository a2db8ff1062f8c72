import Foundation

/// The desktop app's own preferences, `desktop-settings.json` in the config folder (`$XDG_CONFIG_HOME/mantis`).
/// A key left out takes its default, so a file written by an older version still reads.
public struct DesktopSettings: Codable, Equatable, Sendable {
    /// Closing the window hides it to the tray (the scheduler keeps checking prices and notifications keep
    /// coming) instead of quitting. On by default: a price tracker is useful while it runs. Only where a tray host
    /// exists; without one closing always quits, or the app would be running with no way back to it.
    public var closeToTray: Bool

    public init(closeToTray: Bool = true) {
        self.closeToTray = closeToTray
    }

    enum CodingKeys: String, CodingKey {
        case closeToTray = "close_to_tray"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        closeToTray = try container.decodeIfPresent(Bool.self, forKey: .closeToTray) ?? true
    }

    public static func path(in paths: DesktopPaths) -> String { "\(paths.configDirectory)/desktop-settings.json" }

    public static func load(paths: DesktopPaths) -> DesktopSettings {
        JSONFile.load(DesktopSettings.self, from: path(in: paths)) ?? DesktopSettings()
    }

    public func save(paths: DesktopPaths) throws {
        try JSONFile.save(self, to: Self.path(in: paths))
    }
}
