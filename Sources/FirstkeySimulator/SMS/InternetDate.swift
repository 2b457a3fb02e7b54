import Foundation

/// The HTTP-style dates the SMS services use: IMF-fixdate / RFC 1123 (`Mon, 01 Apr 2019 06:22:03 GMT`,
/// ACS's `x-ms-date` and `repeatabilityFirstSent`) and RFC 2822 with a numeric zone (Twilio's
/// `date_created`, `Thu, 30 Jul 2015 20:12:31 +0000`).
enum InternetDate {
    static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static func imfFixdate(_ date: Date) -> String {
        "\(stem(date)) GMT"
    }

    static func rfc2822(_ date: Date) -> String {
        "\(stem(date)) +0000"
    }

    /// Parses exactly `Www, DD Mmm YYYY HH:MM:SS GMT` (the `r` format .NET writes and reads);
    /// a weekday that does not match the date is refused, as .NET's parser does.
    static func parseIMFFixdate(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count == 29 else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in bytes[range] {
                guard (48...57).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        func word(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }
        guard let weekday = weekdays.firstIndex(of: word(0..<3)), word(3..<5) == ", ", let day = number(5..<7), bytes[7] == 32,
              let month = months.firstIndex(of: word(8..<11)), bytes[11] == 32, let year = number(12..<16), bytes[16] == 32,
              let hour = number(17..<19), bytes[19] == 58, let minute = number(20..<22), bytes[22] == 58, let second = number(23..<25),
              word(25..<29) == " GMT", (1...31).contains(day), hour < 24, minute < 60, second < 60
        else { return nil }
        let components = DateComponents(year: year, month: month + 1, day: day, hour: hour, minute: minute, second: second)
        guard let date = utcCalendar.date(from: components),
              utcCalendar.component(.day, from: date) == day,  // 31 Feb does not roll over
              utcCalendar.component(.weekday, from: date) - 1 == weekday
        else { return nil }
        return date
    }

    private static func stem(_ date: Date) -> String {
        let parts = utcCalendar.dateComponents([.weekday, .year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ value: Int?) -> String { String(value ?? 0).leftPadded(to: 2) }
        return "\(weekdays[(parts.weekday ?? 1) - 1]), \(two(parts.day)) \(months[(parts.month ?? 1) - 1]) \(String(parts.year ?? 0).leftPadded(to: 4)) "
            + "\(two(parts.hour)):\(two(parts.minute)):\(two(parts.second))"
    }

    private static let utcCalendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()
}
