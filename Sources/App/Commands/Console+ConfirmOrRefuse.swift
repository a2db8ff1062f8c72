import Foundation
import Vapor

extension Console {
    /// `--yes` / `--no`, else the answer typed at a terminal; with no terminal (cron, a pipe) the answer is no —
    /// ConsoleKit's own `confirm` would ask an empty stdin forever.
    func confirmOrRefuse(_ prompt: String) -> Bool {
        if let answer = confirmOverride { return answer }
        guard isatty(STDIN_FILENO) == 1 else {
            output("\(prompt) — no terminal to ask: pass --yes to go ahead.".consoleText(.warning))
            return false
        }
        return confirm(prompt.consoleText(.warning))
    }
}
