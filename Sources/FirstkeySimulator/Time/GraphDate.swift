import Foundation

/// Date text as Graph and Entra write it: ISO 8601 in UTC.
enum GraphDate {
    /// `2022-06-02T16:21:09Z`, or with `fractional` seven digits like Graph's `createdDateTime`.
    static func format(_ date: Date, fractional: Bool = false) -> String {
        let calendar = utcCalendar
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        var text = String(format: "%04d-%02d-%02dT%02d:%02d:%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0)
        if fractional {
            // 100-ns ticks from the time interval itself: Calendar's nanoseconds lose precision.
            let ticks = Int((date.timeIntervalSince1970 * 1e7).rounded()) % 10_000_000
            text += String(format: ".%07d", ticks < 0 ? ticks + 10_000_000 : ticks)
        }
        return text + "Z"
    }

    /// The `innerError.date` form: no fraction, no zone designator.
    static func formatInnerErrorDate(_ date: Date) -> String {
        String(format(date).dropLast())
    }

    /// The token endpoint's `timestamp` form: `2016-01-09 02:02:12Z`.
    static func formatTokenTimestamp(_ date: Date) -> String {
        format(date).replacingOccurrences(of: "T", with: " ")
    }

    /// Parses `2024-01-31`, `2024-01-31T08:00:00Z`, `…T08:00:00.123Z` and `…T08:00:00+02:00`.
    static func parse(_ text: String) -> Date? {
        let scanner = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= scanner.count else { return nil }
            var value = 0
            for byte in scanner[range] {
                guard (48...57).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard scanner.count >= 10, let year = number(0..<4), scanner[4] == UInt8(ascii: "-"), let month = number(5..<7),
              scanner[7] == UInt8(ascii: "-"), let day = number(8..<10), (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        var components = DateComponents(timeZone: TimeZone(identifier: "UTC"), year: year, month: month, day: day, hour: 0, minute: 0, second: 0)
        var offsetSeconds = 0
        var nanoseconds = 0
        if scanner.count > 10 {
            guard scanner.count >= 19, scanner[10] == UInt8(ascii: "T") || scanner[10] == UInt8(ascii: " "),
                  let hour = number(11..<13), scanner[13] == UInt8(ascii: ":"), let minute = number(14..<16),
                  scanner[16] == UInt8(ascii: ":"), let second = number(17..<19), hour < 24, minute < 60, second < 61
            else { return nil }
            components.hour = hour
            components.minute = minute
            components.second = second
            var index = 19
            if index < scanner.count, scanner[index] == UInt8(ascii: ".") {
                index += 1
                var digits = 0
                var fraction = 0
                while index < scanner.count, (48...57).contains(scanner[index]) {
                    if digits < 9 {
                        fraction = fraction * 10 + Int(scanner[index] - 48)
                        digits += 1
                    }
                    index += 1
                }
                guard digits > 0 else { return nil }
                nanoseconds = fraction * Int(pow(10.0, Double(9 - digits)))
            }
            if index < scanner.count {
                if scanner[index] == UInt8(ascii: "Z"), index == scanner.count - 1 {
                    // UTC
                } else if scanner[index] == UInt8(ascii: "+") || scanner[index] == UInt8(ascii: "-"), scanner.count == index + 6,
                          let hours = number(index + 1..<index + 3), scanner[index + 3] == UInt8(ascii: ":"), let minutes = number(index + 4..<index + 6)
                {
                    offsetSeconds = (hours * 3600 + minutes * 60) * (scanner[index] == UInt8(ascii: "+") ? 1 : -1)
                } else {
                    return nil
                }
            }
        }
        guard let date = utcCalendar.date(from: components) else { return nil }
        return date.addingTimeInterval(TimeInterval(-offsetSeconds) + TimeInterval(nanoseconds) / 1e9)
    }

    private static let utcCalendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()
}
