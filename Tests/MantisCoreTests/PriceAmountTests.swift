import Foundation
import Testing

@testable import MantisCore

@Suite("PriceAmount")
struct PriceAmountTests {
    // MARK: parsing

    @Test(
        "Plain decimal strings parse into their canonical form",
        arguments: [
            ("0", "0"),
            ("5", "5"),
            ("1299", "1299"),
            ("1299.00", "1299.00"),
            ("0.99", "0.99"),
            ("19.90", "19.90"),
            ("  42.5  ", "42.5"),
        ])
    func parsesDecimals(text: String, canonical: String) throws {
        let amount = try #require(PriceAmount(text))
        #expect(amount.decimalString == canonical)
        #expect(amount.description == canonical)
    }

    @Test("The scale the store wrote is kept: 19.90 stays 19.90")
    func keepsScale() throws {
        #expect(try #require(PriceAmount("19.90")).decimalString == "19.90")
        #expect(try #require(PriceAmount("5.000")).decimalString == "5.000")
    }

    @Test(
        "Leading zeros are dropped but one zero stays before the point",
        arguments: [
            ("007", "7"),
            ("000", "0"),
            ("00.50", "0.50"),
            (".5", "0.5"),
        ])
    func canonicalisesLeadingZeros(text: String, canonical: String) throws {
        #expect(try #require(PriceAmount(text)).decimalString == canonical)
    }

    @Test(
        "Anything that is not an unsigned plain decimal is rejected",
        arguments: [
            "", " ", "-1", "+1", "1e5", "1E5", "abc", "1.2.3", "1,5", "1 000", "12.", ".", "$5", "5€", "0x10",
            "١٢", "１２", "NaN", "inf",
        ])
    func rejectsNonDecimals(text: String) {
        #expect(PriceAmount(text) == nil)
    }

    @Test("At most 15 integer digits (after leading zeros) and 6 fraction digits")
    func precisionLimits() {
        #expect(PriceAmount(String(repeating: "9", count: 15)) != nil)
        #expect(PriceAmount(String(repeating: "9", count: 16)) == nil)
        #expect(PriceAmount("0" + String(repeating: "9", count: 15)) != nil)
        #expect(PriceAmount("1.123456") != nil)
        #expect(PriceAmount("1.1234567") == nil)
    }

    // MARK: equality, hashing, ordering

    @Test("19.9 and 19.90 are the same price")
    func equalityIgnoresScale() throws {
        let short = try #require(PriceAmount("19.9"))
        let long = try #require(PriceAmount("19.90"))
        #expect(short == long)
        #expect(short.decimalString != long.decimalString)
        #expect(try #require(PriceAmount("7")) == (try #require(PriceAmount("7.000"))))
    }

    @Test("Different prices are not equal")
    func inequality() throws {
        #expect(try #require(PriceAmount("19.90")) != (try #require(PriceAmount("19.09"))))
        #expect(try #require(PriceAmount("1")) != (try #require(PriceAmount("10"))))
    }

    @Test("Equal prices of different scale hash alike and are one Set element")
    func hashingMatchesEquality() throws {
        let short = try #require(PriceAmount("19.9"))
        let long = try #require(PriceAmount("19.90"))
        let longer = try #require(PriceAmount("19.900"))
        #expect(short.hashValue == long.hashValue)
        #expect(short.hashValue == longer.hashValue)
        #expect(Set([short, long, longer]).count == 1)
    }

    @Test("Ordering is numeric, not by string")
    func ordering() throws {
        let texts = ["100", "9.99", "10", "0.5", "10.01", "2"]
        let sorted = try texts.map { try #require(PriceAmount($0)) }.sorted().map(\.decimalString)
        #expect(sorted == ["0.5", "2", "9.99", "10", "10.01", "100"])
        #expect(try #require(PriceAmount("9.99")) < (try #require(PriceAmount("10"))))
        #expect(!(try #require(PriceAmount("19.90")) < (try #require(PriceAmount("19.9")))))
    }

    @Test("decimal is the exact Decimal value")
    func decimalValue() throws {
        #expect(try #require(PriceAmount("1299.00")).decimal == Decimal(1299))
        #expect(try #require(PriceAmount("0.1")).decimal == Decimal(string: "0.1"))
    }

    // MARK: init(number:)

    @Test(
        "Numbers take Double's shortest form, without a trailing .0",
        arguments: [
            (12.5, "12.5"),
            (1299.0, "1299"),
            (0.0, "0"),
            (19.99, "19.99"),
            (0.1, "0.1"),
        ])
    func fromNumber(number: Double, canonical: String) throws {
        #expect(try #require(PriceAmount(number: number)).decimalString == canonical)
    }

    @Test(
        "Negative, non-finite and exponent-formatted numbers are rejected",
        arguments: [
            -1.0, -0.01, Double.nan, Double.infinity, -Double.infinity, 1e16, 1e-7,
        ])
    func rejectsNumbers(number: Double) {
        #expect(PriceAmount(number: number) == nil)
    }

    // MARK: Codable

    @Test("Encodes as a JSON string that keeps the scale")
    func encodesAsJSONString() throws {
        let data = try JSONEncoder().encode(try #require(PriceAmount("19.90")))
        #expect(String(decoding: data, as: UTF8.self) == "\"19.90\"")
    }

    @Test("Round-trips through JSON inside a containing type")
    func roundTrip() throws {
        struct Offer: Codable, Equatable {
            var price: PriceAmount
        }
        let offer = Offer(price: try #require(PriceAmount("1299.00")))
        let data = try JSONEncoder().encode(offer)
        #expect(String(decoding: data, as: UTF8.self) == #"{"price":"1299.00"}"#)
        let decoded = try JSONDecoder().decode(Offer.self, from: data)
        #expect(decoded.price.decimalString == "1299.00")
    }

    @Test(
        "Decoding rejects strings that are not prices, and JSON numbers",
        arguments: [
            #""-1""#, #""1e5""#, #""abc""#, #""""#, "19.9",
        ])
    func decodingRejects(json: String) {
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(PriceAmount.self, from: Data(json.utf8))
        }
    }
}
