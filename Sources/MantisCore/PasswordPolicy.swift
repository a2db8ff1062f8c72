/// What Mantis accepts as a password. bcrypt reads at most 72 bytes, so a longer password is
/// refused instead of being silently truncated (two passwords sharing 72 bytes would otherwise match).
public enum PasswordPolicy {
    public static let minimumCharacters = 8
    public static let maximumUTF8Bytes = 72

    public enum Violation: Error, Equatable, Sendable {
        case tooShort
        case tooLong
    }

    public static func validate(_ password: String) throws(Violation) {
        guard password.count >= minimumCharacters else { throw .tooShort }
        guard password.utf8.count <= maximumUTF8Bytes else { throw .tooLong }
    }
}
