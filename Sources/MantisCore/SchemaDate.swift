import Foundation

/// Reads the ISO 8601 dates schema.org uses for `validFrom`, `validThrough`, `priceValidUntil` and Open Graph's
/// `product:sale_price_dates:*`: "2025-03-31", "2025-03-31T23:59:59Z", "2025-03-31T23:59+01:00".
///
/// Written by hand rather than with `ISO8601DateFormatter`, which rejects half the forms shops write and is
/// costly to create per page.
enum SchemaDate {
    /// The instant the text names. A bare date is the start of that day (UTC) — or, with `endOfDay`, the start
    /// of the next one, so a sale "valid through 2025-03-31" still holds all of that day. A time without an
    /// offset is read as UTC: a few hours either way is not worth guessing the shop's time zone.
    static func parse(_ text: String?, endOfDay: Bool = false) -> Date? {
        guard let text = text?.trimmingCharacters(in: .whitespaces), text.count >= 10 else { return nil }
        let characters = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= characters.count else { return nil }
            var value = 0
            for byte in characters[range] {
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        guard let year = number(0..<4), characters[4] == UInt8(ascii: "-"), let month = number(5..<7),
            characters[7] == UInt8(ascii: "-"), let day = number(8..<10), (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        var components = DateComponents(year: year, month: month, day: day)
        var offsetSeconds = 0
        let hasTime = characters.count >= 16 && (characters[10] == UInt8(ascii: "T") || characters[10] == 0x20)
        if hasTime, let hour = number(11..<13), characters[13] == UInt8(ascii: ":"), let minute = number(14..<16) {
            components.hour = hour
            components.minute = minute
            var index = 16
            if characters.count >= 19, characters[16] == UInt8(ascii: ":"), let second = number(17..<19) {
                components.second = second
                index = 19
            }
            // Fractions of a second, then "Z" or an offset.
            if index < characters.count, characters[index] == UInt8(ascii: ".") {
                index += 1
                while index < characters.count, characters[index] >= 0x30, characters[index] <= 0x39 { index += 1 }
            }
            if index < characters.count, characters[index] == UInt8(ascii: "+") || characters[index] == UInt8(ascii: "-"),
                let offsetHour = number(index + 1..<index + 3)
            {
                let rest = index + 3 < characters.count && characters[index + 3] == UInt8(ascii: ":") ? index + 4 : index + 3
                let offsetMinute = number(rest..<rest + 2) ?? 0
                let sign = characters[index] == UInt8(ascii: "-") ? -1 : 1
                offsetSeconds = sign * (offsetHour * 3600 + offsetMinute * 60)
            }
        } else if endOfDay {
            components.day = day + 1
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard let date = calendar.date(from: components) else { return nil }
        return date.addingTimeInterval(TimeInterval(-offsetSeconds))
    }

    /// Whether `now` lies in the window; a missing or unreadable bound leaves that side open.
    static func contains(_ now: Date, from start: String?, through end: String?) -> Bool {
        if let start = parse(start), now < start { return false }
        if let end = parse(end, endOfDay: true), now >= end { return false }
        return true
    }
}
