@testable import App
import Foundation
import Testing

@Suite("Refresh cookie", .timeLimit(.minutes(3)))
struct RefreshCookieTests {
    private let origin = "http://mantis.test"

    private func cookie(in response: APIResponse) -> (value: String, attributes: String)? {
        guard let header = response.headers[canonicalForm: "Set-Cookie"].map(String.init).first(where: { $0.hasPrefix("mantis_refresh=") })
        else { return nil }
        let value = header.dropFirst("mantis_refresh=".count).prefix { $0 != ";" }
        return (String(value), header)
    }

    @Test("Asked for, login sets the refresh token as an HttpOnly, Secure, SameSite=Strict cookie on /auth", arguments: TestDatabase.all)
    func loginSetsCookie(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let account = try await t.register()
            let plain = try await t.client.post("/auth/login", ["email": account.email, "password": account.password])
            #expect(cookie(in: plain) == nil)
            let response = try await t.client.send(
                .POST, "/auth/login", json: ["email": account.email, "password": account.password], headers: [("X-Mantis-Refresh-Cookie", "1")])
            let (value, attributes) = try #require(cookie(in: response))
            #expect(!value.isEmpty)
            // The token is in the cookie only: script in the page never sees it.
            #expect(response["refresh_token"] == nil, "\(response.text)")
            #expect(response.string("access_token") != nil)
            for attribute in ["HttpOnly", "Secure", "SameSite=Strict", "Path=/auth"] {
                #expect(attributes.contains(attribute), "\(attribute) in \(attributes)")
            }
        }
    }

    @Test("Refresh with the cookie from the app's origin works and rotates the cookie", arguments: TestDatabase.all)
    func refreshWithCookie(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let account = try await t.register()
            let response = try await t.client.send(
                .POST, "/auth/refresh", body: "{}",
                headers: [("Cookie", "mantis_refresh=\(account.refreshToken)"), ("Origin", origin), ("X-Mantis-Refresh-Cookie", "1")])
            #expect(response.status == .ok)
            let rotated = try #require(cookie(in: response))
            #expect(rotated.value != account.refreshToken)
            #expect(response["refresh_token"] == nil)
            // No body at all works too.
            let again = try await t.client.send(
                .POST, "/auth/refresh", headers: [("Cookie", "mantis_refresh=\(rotated.value)"), ("Origin", origin)])
            #expect(again.status == .ok)
        }
    }

    @Test("Asked for the cookie, register and refresh leave the refresh token out of the JSON body", arguments: TestDatabase.all)
    func cookieTokenNotInBody(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let registered = try await t.client.send(
                .POST, "/auth/register", json: ["email": TestApp.uniqueEmail(), "password": "correct horse battery"],
                headers: [("X-Mantis-Refresh-Cookie", "1")])
            #expect(registered.status == .created)
            #expect(registered["refresh_token"] == nil)
            let token = try #require(cookie(in: registered)).value
            let refreshed = try await t.client.send(
                .POST, "/auth/refresh", json: ["refresh_token": token], headers: [("X-Mantis-Refresh-Cookie", "1")])
            #expect(refreshed.status == .ok)
            #expect(refreshed["refresh_token"] == nil)
            #expect(cookie(in: refreshed) != nil)
        }
    }

    @Test("Cookie-based refresh and logout from another origin, or with no Origin, are refused (CSRF)")
    func csrfGuard() async throws {
        try await withApp(.sqlite) { t in
            let account = try await t.register()
            for headers in [[("Origin", "https://evil.example")], [], [("Origin", "null")]] {
                for path in ["/auth/refresh", "/auth/logout"] {
                    let response = try await t.client.send(.POST, path, body: "{}", headers: [("Cookie", "mantis_refresh=\(account.refreshToken)")] + headers)
                    #expect(response.status == .forbidden, "\(path) \(headers)")
                    #expect(response.errorCode == "csrf_rejected")
                }
            }
            // The session is untouched.
            #expect(try await t.client.post("/auth/refresh", ["refresh_token": account.refreshToken]).status == .ok)
        }
    }

    @Test("Logout with the cookie ends the session and clears the cookie")
    func logoutClearsCookie() async throws {
        try await withApp(.sqlite) { t in
            let account = try await t.register()
            let response = try await t.client.send(
                .POST, "/auth/logout",
                headers: [("Cookie", "mantis_refresh=\(account.refreshToken)"), ("Origin", origin), ("X-Mantis-Refresh-Cookie", "1")])
            #expect(response.status == .noContent)
            let cleared = try #require(cookie(in: response))
            #expect(cleared.value.isEmpty)
            #expect(cleared.attributes.contains("Max-Age=0"))
            #expect(try await t.client.get("/auth/me", token: account.accessToken).status == .unauthorized)
        }
    }
}
