import Foundation

/// Times in a `mantis-export` file: ISO 8601 in UTC with microseconds (`2026-01-05T10:00:00.123456Z`).
/// PostgreSQL keeps microseconds and SQLite more, and `mantis import` matches history points by their exact
/// time, so seconds (or JSONEncoder's `.iso8601`) would duplicate every point of a file imported where it
/// came from. Plain arithmetic, no formatter: a long history has tens of thousands of times to write.
enum ExportTimestamp {
    /// The time as whole microseconds since 1970: what two points must share to be the same point.
    static func microseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
    }

    static func date(microseconds: Int64) -> Date {
        Date(timeIntervalSince1970: Double(microseconds) / 1_000_000)
    }

    /// The date to write so that the database keeps exactly this microsecond. PostgresNIO truncates a date to
    /// whole microseconds since 2000, and a Double near 2026 is only good to about a tenth of one, so the exact
    /// value could land one microsecond early: PostgreSQL gets the middle of the microsecond instead. SQLite
    /// keeps the Double, which reads back rounded to the right one.
    static func storable(microseconds: Int64, postgres: Bool) -> Date {
        guard postgres else { return date(microseconds: microseconds) }
        let sincePostgresEpoch = microseconds - 946_684_800 * 1_000_000
        return Date(timeIntervalSince1970: 946_684_800 + (Double(sincePostgresEpoch) + 0.5) / 1_000_000)
    }

    static func string(_ date: Date) -> String {
        let micros = microseconds(date)
        let seconds = floorDivide(micros, 1_000_000)
        let fraction = micros - seconds * 1_000_000
        let days = floorDivide(seconds, 86_400)
        let second = seconds - days * 86_400
        let (year, month, day) = civil(days: days)
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(second / 3600, 2)):\(pad(second / 60 % 60, 2)):"
            + "\(pad(second % 60, 2)).\(pad(fraction, 6))Z"
    }

    /// Any ISO 8601 date-time with seconds, an optional fraction and `Z` or an offset; nil otherwise.
    static func date(_ text: String) -> Date? {
        guard let match = text.wholeMatch(of: /(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|z|[+-]\d{2}:\d{2})/),
              let year = Int64(match.1), let month = Int64(match.2), let day = Int64(match.3),
              let hour = Int64(match.4), let minute = Int64(match.5), let second = Int64(match.6),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 60
        else { return nil }
        let days = self.days(year: year, month: month, day: day)
        // 31 February would land in March: only dates that come back unchanged are real.
        guard civil(days: days) == (year, month, day) else { return nil }
        var micros = (days * 86_400 + hour * 3600 + minute * 60 + second) * 1_000_000
        if let digits = match.7 {
            let six = String(digits.prefix(6)).padding(toLength: 6, withPad: "0", startingAt: 0)
            micros += Int64(six) ?? 0
            if digits.count > 6, let next = digits.dropFirst(6).first, next >= "5" { micros += 1 }
        }
        let zone = match.8
        if zone != "Z", zone != "z" {
            let sign: Int64 = zone.first == "-" ? -1 : 1
            let parts = zone.dropFirst().split(separator: ":")
            guard let hours = Int64(parts[0]), let minutes = Int64(parts[1]), hours < 24, minutes < 60 else { return nil }
            micros -= sign * (hours * 3600 + minutes * 60) * 1_000_000
        }
        return date(microseconds: micros)
    }

    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        value >= 0 ? value / divisor : -((-value + divisor - 1) / divisor)
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    /// Year, month and day of a day count since 1970-01-01 (proleptic Gregorian; Howard Hinnant's algorithm).
    private static func civil(days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = floorDivide(z, 146_097)
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = floorDivide(shiftedYear, 400)
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
