/// A command that could not do its job; its message is printed and `mantis` exits with status 1.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
}
