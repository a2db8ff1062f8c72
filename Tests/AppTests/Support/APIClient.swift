@testable import App
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Talks to a test server over real HTTP, as any client of the API would.
struct APIClient: Sendable {
    let baseURL: String
    let http: HTTPClient

    /// The tests' own HTTP client: the app's (`app.http.client`) carries the page fetcher's 15 s read time-out,
    /// which a loaded CI machine running the suite in parallel exceeded on a slow `POST /products/fetch`. The same
    /// settings otherwise (no redirects followed, responses decompressed); only the 30 s deadline per request.
    static let testHTTP: HTTPClient = {
        var configuration = HTTPPageFetcher.clientConfiguration()
        configuration.timeout = .init(connect: .seconds(30))
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    init(baseURL: String, http: HTTPClient = APIClient.testHTTP) {
        self.baseURL = baseURL
        self.http = http
    }

    func send(
        _ method: HTTPMethod, _ path: String, json: [String: Any]? = nil, body: String? = nil, token: String? = nil,
        headers: [(String, String)] = []
    ) async throws -> APIResponse {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        let payload: Data? = try json.map { try JSONSerialization.data(withJSONObject: $0) } ?? body.map { Data($0.utf8) }
        if let payload {
            if !request.headers.contains(name: "Content-Type") { request.headers.add(name: "Content-Type", value: "application/json") }
            request.body = .bytes(ByteBuffer(data: payload))
        }
        let response = try await http.execute(request, timeout: .seconds(60))
        let bytes = try await response.body.collect(upTo: 16 * 1024 * 1024)
        return APIResponse(status: response.status, headers: response.headers, body: Data(bytes.readableBytesView))
    }

    func get(_ path: String, token: String? = nil) async throws -> APIResponse {
        try await send(.GET, path, token: token)
    }

    func post(_ path: String, _ json: [String: Any]? = nil, token: String? = nil) async throws -> APIResponse {
        try await send(.POST, path, json: json, token: token)
    }

    func delete(_ path: String, _ json: [String: Any]? = nil, token: String? = nil) async throws -> APIResponse {
        try await send(.DELETE, path, json: json, token: token)
    }
}

struct APIResponse: Sendable {
    let status: HTTPResponseStatus
    let headers: HTTPHeaders
    let body: Data

    var object: [String: Any] {
        (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:]
    }

    var array: [[String: Any]] {
        (try? JSONSerialization.jsonObject(with: body)) as? [[String: Any]] ?? []
    }

    subscript(key: String) -> Any? { object[key] }

    func string(_ key: String) -> String? { object[key] as? String }

    var text: String { String(decoding: body, as: UTF8.self) }

    /// The error code of a `{"error": true, "reason", "code"}` body, checking the body has that shape.
    var errorCode: String? {
        guard object["error"] as? Bool == true, object["reason"] is String else { return nil }
        return object["code"] as? String
    }
}
