import Foundation

/// Event Grid timestamps: ISO 8601 with up to seven fractional digits.
enum EventGridTime {
    static func parse(_ text: String) -> Date? {
        var trimmed = text
        // ISO8601DateFormatter takes at most three fractional digits.
        if let dot = trimmed.firstIndex(of: "."), let end = trimmed[dot...].firstIndex(where: { !$0.isNumber && $0 != "." }) {
            let fraction = trimmed[trimmed.index(after: dot)..<end]
            trimmed = String(trimmed[..<dot]) + "." + fraction.prefix(3).padding(toLength: 3, withPad: "0", startingAt: 0) + trimmed[end...]
        }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = trimmed.contains(".") ? [.withInternetDateTime, .withFractionalSeconds] : [.withInternetDateTime]
        return formatter.date(from: trimmed)
    }
}
