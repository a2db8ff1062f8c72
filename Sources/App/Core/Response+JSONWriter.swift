import MantisCore
import Vapor

extension Response {
    /// A JSON response from bytes a `JSONWriter` made (the hot paths skip `Codable`).
    static func json(_ writer: JSONWriter, status: HTTPStatus = .ok) -> Response {
        json(bytes: writer.bytes, status: status)
    }

    static func json(bytes: [UInt8], status: HTTPStatus = .ok) -> Response {
        var headers = HTTPHeaders()
        headers.add(name: .contentType, value: "application/json; charset=utf-8")
        return Response(status: status, headers: headers, body: .init(buffer: ByteBuffer(bytes: bytes)))
    }
}
