import Vapor

/// A small parser for commands whose positional argument is optional (ConsoleKit's `@Argument` is always
/// required): `--flag`, `--option value` / `--option=value`, and positionals.
struct CommandArguments {
    private(set) var flags: Set<String> = []
    private(set) var options: [String: String] = [:]
    private(set) var positionals: [String] = []

    init(_ arguments: [String], flags knownFlags: Set<String>, options knownOptions: Set<String>) throws {
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            guard argument.hasPrefix("--"), argument.count > 2 else {
                positionals.append(argument)
                continue
            }
            let body = String(argument.dropFirst(2))
            let parts = body.split(separator: "=", maxSplits: 1).map(String.init)
            let name = parts[0]
            if knownFlags.contains(name) {
                flags.insert(name)
            } else if knownOptions.contains(name) {
                if parts.count == 2 {
                    options[name] = parts[1]
                } else if index < arguments.count {
                    options[name] = arguments[index]
                    index += 1
                } else {
                    throw CommandFailure(description: "--\(name) needs a value.")
                }
            } else {
                throw CommandFailure(description: "Unknown option --\(name).")
            }
        }
    }
}
