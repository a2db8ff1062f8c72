import Foundation

/// Where the window was and how big, `window.json` in the config folder, restored at the next start.
/// Positions are X11's (a Wayland compositor places windows itself and ignores them).
public struct WindowGeometry: Codable, Equatable, Sendable {
    public var x: Int?
    public var y: Int?
    public var width: Int
    public var height: Int
    public var maximized: Bool

    public static let standard = WindowGeometry(x: nil, y: nil, width: 1200, height: 800, maximized: false)
    /// Smaller than this the web app's layout has no room; a saved size below it is raised to it.
    public static let minimumWidth = 480
    public static let minimumHeight = 360

    public init(x: Int?, y: Int?, width: Int, height: Int, maximized: Bool) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
        self.maximized = maximized
    }

    public static func path(in paths: DesktopPaths) -> String { "\(paths.configDirectory)/window.json" }

    public static func load(paths: DesktopPaths) -> WindowGeometry {
        JSONFile.load(WindowGeometry.self, from: path(in: paths)) ?? .standard
    }

    public func save(paths: DesktopPaths) throws {
        try JSONFile.save(self, to: Self.path(in: paths))
    }

    /// The geometry to open with on screens whose areas are `screens` (x, y, width, height): the size at least the
    /// minimum and at most the largest screen, and the position dropped when the window would be off every screen
    /// (a monitor unplugged since), so the window manager places it.
    public func fitted(to screens: [(x: Int, y: Int, width: Int, height: Int)]) -> WindowGeometry {
        var result = self
        let widest = screens.map(\.width).max() ?? width
        let tallest = screens.map(\.height).max() ?? height
        result.width = max(Self.minimumWidth, min(width, max(widest, Self.minimumWidth)))
        result.height = max(Self.minimumHeight, min(height, max(tallest, Self.minimumHeight)))
        if let x, let y, !screens.isEmpty {
            // Some of the title bar (100 × 50 at the top) must be on one screen, or nobody could drag it back.
            let width = result.width
            let visible = screens.contains { screen in
                let overlap = min(x + width, screen.x + screen.width) - max(x, screen.x)
                return overlap >= 100 && y >= screen.y - 50 && y + 50 <= screen.y + screen.height
            }
            if !visible {
                result.x = nil
                result.y = nil
            }
        }
        return result
    }
}
