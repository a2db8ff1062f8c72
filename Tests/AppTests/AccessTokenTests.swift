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

    private func payload(for account: TestAccount, in t: TestApp, now: Date = Date(), lifetime: TimeInterval = 600) throws -> AccessTokenPayload {
        let config = t.app.mantis.config
        let sessionID = try #require(UUID(uuidString: String(account.refreshToken.split(separator: ".")[0])))
        return AccessTokenPayload(
            issuer: config.jwtIssuer, audience: config.jwtAudience, userID: try #require(UUID(uuidString: account.userID)),
            sessionID: sessionID, now: now, lifetime: lifetime, id: UUID().uuidString)
    }

    @Test("An expired access token, or one signed with another key, is refused")
    func expiredOrForeignTokenIsRefused() async throws {
        try await withApp(.sqlite) { t in
            let account = try await t.register()
            let expired = try payload(for: account, in: t, now: Date().addingTimeInterval(-3600), lifetime: 60)
            let expiredToken = try await t.app.jwt.keys.sign(expired)
            #expect(try await t.client.get("/auth/me", token: expiredToken).status == .unauthorized)

            let valid = try payload(for: account, in: t)
            // Sanity: the same claims signed with the server's key work ...
            #expect(try await t.client.get("/auth/me", token: try await t.app.jwt.keys.sign(valid)).status == .ok)
            // ... and with a stranger's key they do not.
            let foreign = JWTKeyCollection()
            await foreign.add(hmac: HMACKey(from: String(repeating: "k", count: 40)), digestAlgorithm: .sha256)
            #expect(try await t.client.get("/auth/me", token: try await foreign.sign(valid)).status == .unauthorized)
        }
    }

    @Test("Access tokens carry iss, aud, sub, sid, typ, iat, nbf, exp and a unique jti")
    func accessTokensCarryEveryClaim() async throws {
        try await withApp(.sqlite) { t in
            let account = try await t.register()
            let again = try await t.login(account)
            func claims(_ token: String) throws -> [String: Any] {
                var part = String(token.split(separator: ".")[1]).replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
                while part.count % 4 != 0 { part += "=" }
                let data = try #require(Data(base64Encoded: part))
                return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            }
            let first = try claims(account.accessToken), second = try claims(again.accessToken)
            for name in ["iss", "aud", "sub", "sid", "typ", "iat", "nbf", "exp", "jti"] {
                #expect(first[name] != nil, "missing \(name): \(first)")
            }
            #expect(first["iss"] as? String == "http://mantis.test")
            #expect(first["aud"] as? String == "mantis-api")
            #expect(first["typ"] as? String == "access")
            #expect(first["sub"] as? String == account.userID)
            #expect(first["jti"] as? String != second["jti"] as? String)
        }
    }

    @Test("A wrong iss or aud, or an nbf or iat in the future beyond the leeway, is 401; within the leeway it works")
    func claimsAreChecked() async throws {
        try await withApp(.sqlite) { t in
            let account = try await t.register()
            var wrongIssuer = try payload(for: account, in: t)
            wrongIssuer.issuer = .init(value: "https://evil.example")
            var wrongAudience = try payload(for: account, in: t)
            wrongAudience.audience = .init(value: ["another-api"])
            var futureNotBefore = try payload(for: account, in: t)
            futureNotBefore.notBefore = .init(value: Date().addingTimeInterval(AccessTokenPayload.leeway + 120))
            var futureIssuedAt = try payload(for: account, in: t)
            futureIssuedAt.issuedAt = .init(value: Date().addingTimeInterval(AccessTokenPayload.leeway + 120))
            // A token that claims a longer life than the server ever issues (forged with a leaked key, say).
            let longLived = try payload(for: account, in: t, lifetime: 10 * 365 * 86_400)
            var slightlyAhead = try payload(for: account, in: t)
            slightlyAhead.notBefore = .init(value: Date().addingTimeInterval(AccessTokenPayload.leeway / 3))
            slightlyAhead.issuedAt = .init(value: Date().addingTimeInterval(AccessTokenPayload.leeway / 3))
            for (name, forged) in [("iss", wrongIssuer), ("aud", wrongAudience), ("nbf", futureNotBefore), ("iat", futureIssuedAt),
                                   ("exp", longLived)] {
                let response = try await t.client.get("/auth/me", token: try await t.app.jwt.keys.sign(forged))
                #expect(response.status == .unauthorized, "\(name)")
                #expect(response.errorCode == "invalid_token", "\(name)")
            }
            #expect(try await t.client.get("/auth/me", token: try await t.app.jwt.keys.sign(slightlyAhead)).status == .ok)
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
