import MantisCore
import Vapor

/// Password rules and bcrypt checks shared by sign-in, registration, password change and account deletion.
enum PasswordCheck {
    static func validEmail(_ raw: String) throws -> EmailAddress {
        do {
            return try EmailAddress(raw)
        } catch {
            throw MantisError.validation(code: "invalid_email", reason: "Enter a valid email address, like name@example.com.")
        }
    }

    static func validate(_ password: String) throws {
        do {
            try PasswordPolicy.validate(password)
        } catch .tooShort {
            throw MantisError.validation(
                code: "password_too_short", reason: "The password needs at least \(PasswordPolicy.minimumCharacters) characters.")
        } catch .tooLong {
            throw MantisError.validation(
                code: "password_too_long",
                reason: "The password can be at most \(PasswordPolicy.maximumUTF8Bytes) bytes of UTF-8 (fewer characters for non-Latin scripts).")
        } catch {
            throw MantisError.validation(
                code: "password_too_common",
                reason: "This password is too common or too easy to guess; choose a longer, less predictable one (a few unrelated words work well).")
        }
    }

    /// bcrypt verification off the event loop. A password over bcrypt's 72 bytes never matches (it could not
    /// have been set), but still costs one verification, so the answer takes the same time.
    static func matches(_ password: String, hash: String, on req: Request) async throws -> Bool {
        let fits = password.utf8.count <= PasswordPolicy.maximumUTF8Bytes
        let matches: Bool
        do {
            matches = try await req.verifyPassword(fits ? password : "", hash: hash)
        } catch let error as MantisError {
            throw error
        } catch {
            matches = false
        }
        return fits && !password.isEmpty && matches
    }

    static func require(_ password: String, of user: User, on req: Request) async throws {
        guard try await matches(password, hash: user.passwordHash, on: req) else { throw MantisError.wrongPassword }
    }

    /// The cost a bcrypt hash was made with (`$2b$12$…` → 12).
    static func cost(of hash: String) -> Int? {
        let parts = hash.split(separator: "$", omittingEmptySubsequences: true)
        guard parts.count >= 2 else { return nil }
        return Int(parts[1])
    }

    /// After a successful login: a hash made at another `BCRYPT_COST` is replaced by one at the current cost.
    /// A failure here never fails the login; the next one tries again.
    static func rehashIfNeeded(_ password: String, of user: User, on req: Request) async {
        let cost = req.application.mantis.config.bcryptCost
        guard Self.cost(of: user.passwordHash) != cost else { return }
        do {
            user.passwordHash = try await req.hashPassword(password)
            try await user.save(on: req.db)
            req.logger.info("Password rehashed at the current cost", metadata: ["user_id": "\(user.id?.uuidString ?? "-")", "cost": "\(cost)"])
        } catch {
            req.logger.warning("Could not rehash a password", metadata: ["error": "\(error)"])
        }
    }
}
