import CCrack
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Tells whether a password is too easy to guess, with cracklib: Debian's libcrack2 and the dictionary that
/// cracklib-runtime packs from the system word lists (`/var/cache/cracklib/cracklib_dict.*`). Its rules catch
/// dictionary words under common mangling (case, leetspeak, a few digits or symbols, reversal), runs such as
/// "12345678" and passwords of too few distinct characters.
public struct CommonPasswordChecker: Sendable {
    public static let shared = CommonPasswordChecker()

    /// The dictionary's path prefix; cracklib reads this path plus `.pwd`, `.pwi` and, if present, `.hwm`.
    public let dictionaryPath: String
    /// False when the dictionary is missing, unreadable or not a cracklib dictionary. Every password then counts
    /// as not common, so the caller should say at start-up that the check is off.
    public let isAvailable: Bool

    public init(dictionaryPath: String = String(cString: GetDefaultCracklibDict())) {
        self.dictionaryPath = dictionaryPath
        // Checking the files first keeps cracklib from printing its own error for a dictionary that is not there.
        // The word every list has then shows that the files are a cracklib dictionary and can be searched.
        let readable = [".pwd", ".pwi"].allSatisfy { access(dictionaryPath + $0, R_OK) == 0 }
        let probe = readable ? Self.cracklibMessage(for: "password", dictionaryPath: dictionaryPath) : nil
        isAvailable = probe == "it is based on a dictionary word"
    }

    public func isCommon(_ password: String) -> Bool {
        guard isAvailable, let message = cracklibMessage(for: password) else { return false }
        // cracklib counts distinct *bytes*: 24 euro signs are 72 bytes of only 3 values, and any short text in a
        // non-Latin script has few distinct bytes. That rule is meaningful for ASCII only.
        if message == Self.fewDistinctCharacters, !password.unicodeScalars.allSatisfy(\.isASCII) { return false }
        return Self.commonMessages.contains(message)
    }

    /// cracklib's own answer: nil for a password it accepts, otherwise its (English) reason.
    func cracklibMessage(for password: String) -> String? {
        Self.cracklibMessage(for: password, dictionaryPath: dictionaryPath)
    }

    // What cracklib's answers mean for Mantis. PasswordPolicy has already required 8 characters and cracklib counts
    // bytes, of which there are at least as many, so "it is WAY too short" (under 4) and "it is too short" (under 6)
    // cannot come back, and would not mean "common" if they did. Common are: a dictionary word after cracklib's
    // mangling, either way round; a run of neighbouring characters such as "12345678" or "abcdefgh"; fewer than 5
    // distinct bytes ("11111111"); nothing but whitespace. Not common: "it looks like a National Insurance number"
    // (a UK number format, no more guessable than other letters and digits) and "error loading dictionary", which
    // is a broken installation, not a weak password. The answers about the user name or password entry cannot
    // come back, because no account is passed to cracklib.
    static let fewDistinctCharacters = "it does not contain enough DIFFERENT characters"

    static let commonMessages: Set<String> = [
        "it is based on a dictionary word",
        "it is based on a (reversed) dictionary word",
        "it is too simplistic/systematic",
        "it does not contain enough DIFFERENT characters",
        "it is all whitespace",
    ]

    // cracklib opens the dictionary into one static structure per process and refuses a second open while one is in
    // use, so calls from any checker, whatever its path, must take turns.
    private static let lock = NSLock()

    private static func cracklibMessage(for password: String, dictionaryPath: String) -> String? {
        // cracklib reads a C string, so an embedded NUL would hide the rest of the password from it.
        let bytes = password.utf8.filter { $0 != 0 }.map { CChar(bitPattern: $0) } + [0]
        lock.lock()
        defer { lock.unlock() }
        // cracklib translates its answers with gettext; in the C locale they are always the English ones above,
        // whatever locale the process has set. (Categories outside the mask are C as well.)
        let cLocale = newlocale(LC_CTYPE_MASK | LC_MESSAGES_MASK, "C", nil)
        let previous = cLocale.map { uselocale($0) }
        defer {
            if let previous { uselocale(previous) }
            if let cLocale { freelocale(cLocale) }
        }
        // FascistCheck would also compare the password with the account the server runs as, and refuses every
        // password when that uid has no passwd entry (as in containers run with an arbitrary uid). The web user's
        // account is not the server's, so an empty user name turns that comparison off.
        guard let message = FascistCheckUser(bytes, dictionaryPath, "", nil) else { return nil }
        return String(cString: message)
    }
}
