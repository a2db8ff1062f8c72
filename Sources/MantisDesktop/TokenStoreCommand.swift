import Foundation

/// TEST ONLY: `mantis-desktop --token-store-selftest save|load|clear|which SERVER` drives the token store the app
/// would use (`RefreshTokenStores.preferred`) without a window, so Tests/desktop/test_keyring.py can check the
/// keyring and the 0600 file from outside. `save` reads the token from standard input; `load` prints it (exit 1
/// when there is none); `which` prints the store that would be used. Each prints on standard error which store
/// answered. Not a user command: it is left out of `--help`.
public enum TokenStoreCommand {
    public static let flag = "--token-store-selftest"

    /// The exit status when `arguments` (CommandLine.arguments) ask for the self-test, else nil.
    public static func runIfRequested(_ arguments: [String]) -> Int32? {
        guard let index = arguments.firstIndex(of: flag) else { return nil }
        let rest = Array(arguments[(index + 1)...])
        guard rest.count == 2, let origin = ServerOrigin(url: rest[1]) else {
            fail("usage: mantis-desktop \(flag) save|load|clear|which SERVER-URL")
            return 2
        }
        let store = RefreshTokenStores.preferred(paths: DesktopPaths())
        let server = origin.description
        do {
            switch rest[0] {
            case "save":
                let input = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
                let token = input.trimmingCharacters(in: .whitespacesAndNewlines)
                guard TokenBridge.isPlausibleToken(token) else {
                    fail("no token on standard input")
                    return 2
                }
                try store.save(token, server: server)
                report(store)
                return 0
            case "load":
                let token = try store.load(server: server)
                report(store)
                guard let token else { return 1 }
                print(token)
                return 0
            case "clear":
                try store.clear(server: server)
                report(store)
                return 0
            case "which":
                print(describe(store))
                return 0
            default:
                fail("unknown action \(rest[0]): save, load, clear or which")
                return 2
            }
        } catch {
            fail("\(rest[0]) failed: \(error)")
            return 3
        }
    }

    private static func describe(_ store: any RefreshTokenStore) -> String {
        switch store {
        case let file as FileTokenStore: "file \(file.file)"
        case let both as FallbackTokenStore:
            "secret-service (fallback: file \((both.fallback as? FileTokenStore)?.file ?? "?"))"
        default: String(describing: type(of: store))
        }
    }

    private static func report(_ store: any RefreshTokenStore) {
        let used = (store as? FallbackTokenStore)?.lastUsed ?? FallbackTokenStore.name(of: store)
        FileHandle.standardError.write(Data("store: \(used)\n".utf8))
    }

    private static func fail(_ message: String) {
        FileHandle.standardError.write(Data("mantis-desktop: \(message)\n".utf8))
    }
}
