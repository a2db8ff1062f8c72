import Foundation
import MantisCore
import Testing

@Suite("JSON writer")
struct JSONWriterTests {
    private func parse(_ json: JSONWriter) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(json.bytes))
    }

    @Test("Strings with quotes, backslashes, control characters and any Unicode round-trip exactly", arguments: [
        "plain", "", "a \"quoted\" \\ back\\slash", "tab\tnew\nline\rcr\u{8}\u{C}", "\u{0}\u{1F}\u{7F}", "ünïcødé ✓ 🔥 中文 العربية",
        "</script><script>alert(1)</script>", "https://shop.example/a/b?c=d&e=f", "\u{2028}\u{2029}",
    ])
    func stringsRoundTrip(text: String) throws {
        var json = JSONWriter()
        json.beginArray()
        json.value(text)
        json.endArray()
        #expect(try parse(json) as? [String] == [text])
    }

    @Test("Objects, nested arrays, nil fields left out, booleans, numbers, UUIDs and dates as JSONEncoder writes them")
    func structure() throws {
        let id = UUID()
        let date = Date(timeIntervalSince1970: 1_764_625_256.75)
        var json = JSONWriter()
        json.beginArray()
        for index in 0..<3 {
            json.beginObject()
            json.field("id", id)
            json.field("missing", nil as String?)
            json.field("flag", index == 1)
            json.key("n")
            json.value(index)
            json.field("at", date)
            json.key("list")
            json.beginArray()
            json.value("x")
            json.beginObject()
            json.endObject()
            json.endArray()
            json.endObject()
        }
        json.endArray()
        let objects = try #require(try parse(json) as? [[String: Any]])
        #expect(objects.count == 3)
        #expect(objects[1]["flag"] as? Bool == true)
        #expect(objects[2]["n"] as? Int == 2)
        #expect(objects[0]["missing"] == nil)
        #expect(objects[0]["id"] as? String == id.uuidString)
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        let expected = String(decoding: try encoder.encode([date]), as: UTF8.self)
        #expect("[\"\(objects[0]["at"] as! String)\"]" == expected)
    }

    @Test("Dates far from now still come out as ISO 8601", arguments: [0.0, 951_782_400, 4_102_444_799, -86_400])
    func dates(seconds: Double) throws {
        var json = JSONWriter()
        json.beginArray()
        json.value(Date(timeIntervalSince1970: seconds))
        json.endArray()
        let text = try #require(try parse(json) as? [String]).first ?? ""
        #expect(ISO8601DateFormatter().date(from: text) == Date(timeIntervalSince1970: seconds))
    }
}

@Suite("UUID text without Foundation's sscanf/sprintf")
struct UUIDTextTests {
    @Test("Round-trips and agrees with Foundation on random ids")
    func agreesWithFoundation() {
        for _ in 0..<2000 {
            let id = UUID()
            #expect(id.text == id.uuidString)
            #expect(UUID(text: id.uuidString) == id)
            #expect(UUID(text: id.uuidString.lowercased()) == id)
        }
    }

    @Test("Refuses what UUID(uuidString:) refuses", arguments: [
        "", "not a uuid", "0A340B1E-539D-457C-B6BC-755F8AABC24", "0A340B1E-539D-457C-B6BC-755F8AABC2488",
        "0A340B1E0539D-457C-B6BC-755F8AABC248", "0A340B1E-539D-457C-B6BC-755F8AABC24G", "{0A340B1E-539D-457C-B6BC-755F8AABC248}",
        "0A340B1E-539D-457C-B6BC-755F8AABC24é",
    ])
    func refuses(text: String) {
        #expect(UUID(text: text) == nil)
        #expect(UUID(uuidString: text) == nil)
    }
}
