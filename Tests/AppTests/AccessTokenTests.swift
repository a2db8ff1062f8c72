@testable import App
import Foundation
import JWT
import Testing

@Suite("Access tokens", .timeLimit(.minutes(3)))
struct AccessTokenTests {
    private func base64URL(_ text: String) -> String {
        Data(text.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    @Test("A JWT with alg none is refused")
    func algNoneIsRefused() async throws {
        try await withApp(.sqlite) { t in
            let account = try await t.register()
            let payload = account.accessToken.split(separator: ".")[1]
            let forged = "\(base64URL(#"{"alg":"none","typ":"JWT"}"#)).\(payload)."
            let response = try await t.client.get("/auth/me", token: forged)
            #expect(response.status == .unauthorized)
            #expect(response.errorCode == "invalid_token")
        }
    }

    @Test("A token whose payload was tampered with is refused")
    func tamperedPayloadIsRefused() async throws {
        try await withApp(.sqlite) { t in
            let alice = try await t.register()
            let bob = try await t.register()
            let parts = alice.accessToken.split(separator: ".").map(String.init)
            var padded = parts[1].replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
            while padded.count % 4 != 0 { padded += "=" }
            let claims = String(decoding: Data(base64Encoded: padded)!, as: UTF8.self)
                .replacingOccurrences(of: alice.userID, with: bob.userID)
            let forged = "\(parts[0]).\(base64URL(claims)).\(parts[2])"
            #expect(forged != alice.accessToken)
            let response = try await t.client.get("/auth/me", token: forged)
            #expect(response.status == .unauthorized)
        }
    }

    @Test("A refresh token is not accepted as an access token")
    func refreshTokenIsNotAnAccessToken() async throws {
        try await withApp(.sqlite) { t in
            let account = try await t.register()
            let response = try await t.client.get("/auth/me", token: account.refreshToken)
            #expect(response.status == .unauthorized)
            #expect(response.errorCode == "invalid_token")
        }
    }

    @Test("An expired access token, or one signed with another key, is refused")
    func expiredOrForeignTokenIsRefused() async throws {
        try await withApp(.sqlite) { t in
            let account = try await t.register()
            let sessionID = String(account.refreshToken.split(separator: ".")[0]).uppercased()
            let expired = AccessTokenPayload(
                subject: .init(value: account.userID), sessionID: sessionID,
                expiration: .init(value: Date().addingTimeInterval(-60)), issuedAt: .init(value: Date().addingTimeInterval(-3600)),
                type: "access")
            let expiredToken = try await t.app.jwt.keys.sign(expired)
            #expect(try await t.client.get("/auth/me", token: expiredToken).status == .unauthorized)

            let valid = AccessTokenPayload(
                subject: .init(value: account.userID), sessionID: sessionID,
                expiration: .init(value: Date().addingTimeInterval(600)), issuedAt: .init(value: Date()), type: "access")
            // Sanity: the same claims signed with the server's key work ...
            #expect(try await t.client.get("/auth/me", token: try await t.app.jwt.keys.sign(valid)).status == .ok)
            // ... and with a stranger's key they do not.
            let foreign = JWTKeyCollection()
            await foreign.add(hmac: HMACKey(from: String(repeating: "k", count: 40)), digestAlgorithm: .sha256)
            #expect(try await t.client.get("/auth/me", token: try await foreign.sign(valid)).status == .unauthorized)
        }
    }

    @Test("A missing or non-bearer Authorization header gives 401 with an error body")
    func missingTokenIsRefused() async throws {
        try await withApp(.sqlite) { t in
            let missing = try await t.client.get("/auth/me")
            #expect(missing.status == .unauthorized)
            #expect(missing.errorCode == "missing_token")
            let basic = try await t.client.send(.GET, "/auth/me", headers: [("Authorization", "Basic dXNlcjpwYXNz")])
            #expect(basic.status == .unauthorized)
            #expect(try await t.client.get("/products").errorCode == "missing_token")
        }
    }
}
