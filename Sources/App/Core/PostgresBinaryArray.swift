import Foundation
import NIOCore

/// Reads a one-dimensional array in PostgreSQL's binary format (`array_send`: dimensions, flags, element type,
/// size and lower bound, then each element as a length and its bytes, -1 for NULL). PostgresNIO decodes each
/// element through generic `PostgresDecodable` machinery, which for a 10,000-point price history cost more
/// than the query; here each element is one slice of the buffer.
struct PostgresBinaryArray {
    struct Malformed: Error {}

    /// How many elements the array has.
    let count: Int
    /// The elements, from the first one's length on.
    private let body: ByteBuffer

    init(_ buffer: ByteBuffer) throws {
        var buffer = buffer
        guard let dimensions = buffer.readInteger(as: Int32.self),
              buffer.readInteger(as: Int32.self) != nil, // flags: whether any element is NULL
              buffer.readInteger(as: UInt32.self) != nil // the element type's OID
        else { throw Malformed() }
        if dimensions == 0 {
            count = 0
            body = buffer
            return
        }
        guard dimensions == 1, let count = buffer.readInteger(as: Int32.self), count >= 0,
              buffer.readInteger(as: Int32.self) != nil // lower bound
        else { throw Malformed() }
        self.count = Int(count)
        body = buffer
    }

    /// Walks the elements, handing each one's bytes (nil for NULL) to `read`, in one pass and no copies.
    private func forEach<T>(_ read: (inout ByteBuffer, Int) throws -> T, null: () throws -> T) throws -> [T] {
        var buffer = body
        var values: [T] = []
        values.reserveCapacity(count)
        for _ in 0..<count {
            guard let length = buffer.readInteger(as: Int32.self) else { throw Malformed() }
            if length < 0 {
                values.append(try null())
                continue
            }
            guard buffer.readableBytes >= Int(length) else { throw Malformed() }
            let end = buffer.readerIndex + Int(length)
            values.append(try read(&buffer, Int(length)))
            buffer.moveReaderIndex(to: end)
        }
        return values
    }

    /// The elements as text (`text[]`, or any type sent as UTF-8).
    func strings() throws -> [String?] {
        try forEach({ buffer, length in buffer.readString(length: length) }, null: { nil })
    }

    /// The elements of a `timestamptz[]`: microseconds since 2000-01-01 UTC, as PostgreSQL sends them.
    func timestamps() throws -> [Date] {
        try forEach({ buffer, length in
            guard length == 8, let microseconds = buffer.readInteger(as: Int64.self) else { throw Malformed() }
            // The same arithmetic as PostgresNIO's `Date` decoding, so both paths give the same Double.
            return Date(timeInterval: Double(microseconds) / 1_000_000, since: Self.postgresEpoch)
        }, null: { throw Malformed() })
    }

    /// 2000-01-01T00:00:00Z.
    static let postgresEpoch = Date(timeIntervalSince1970: 946_684_800)
}
