/// What Mantis accepts as a password. bcrypt reads at most 72 bytes, so a longer password is
/// refused instead of being silently truncated (two passwords sharing 72 bytes would otherwise match).
/// A password that cracklib finds easy to guess is refused too, when its dictionary is installed.
public enum PasswordPolicy {
    public static let minimumCharacters = 8
    public static let maximumUTF8Bytes = 72

    public enum Violation: Error, Equatable, Sendable {
        case tooShort
        case tooLong
        /// A dictionary word (also mangled or reversed), a run such as "12345678", or too few distinct characters.
        case tooCommon
    }

    public static func validate(
        _ password: String, commonPasswords: CommonPasswordChecker = .shared
    ) throws(Violation) {
        guard password.count >= minimumCharacters else { throw .tooShort }
        guard password.utf8.count <= maximumUTF8Bytes else { throw .tooLong }
        // Without the dictionary nothing is refused as common; the App warns about that at start-up.
        guard !commonPasswords.isCommon(password) else { throw .tooCommon }
    }
}
