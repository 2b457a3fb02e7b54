import Foundation

/// Graph's ISO 8601 timestamps: `2022-06-02T16:21:09.765173Z` (any number of fraction digits) or
/// without a fraction; date-only values (`2024-03-01`) also occur for hire dates.
enum GraphDate {
    static func parse(_ text: String) -> Date? {
        var base = text
        var fraction: Double = 0
        if let dot = text.firstIndex(of: ".") {
            let digitsEnd = text[text.index(after: dot)...].firstIndex { !$0.isNumber } ?? text.endIndex
            fraction = Double("0" + text[dot..<digitsEnd]) ?? 0
            base = String(text[..<dot]) + String(text[digitsEnd...])
        }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        if let date = formatter.date(from: base) { return date.addingTimeInterval(fraction) }
        // A timestamp without a zone is UTC in Graph.
        if let date = formatter.date(from: base + "Z") { return date.addingTimeInterval(fraction) }
        formatter.formatOptions = [.withFullDate]
        return formatter.date(from: base)
    }

    static func format(_ date: Date, fractionalSeconds: Bool = true) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = fractionalSeconds ? [.withInternetDateTime, .withFractionalSeconds] : [.withInternetDateTime]
        return formatter.string(from: date)
    }

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = parse(text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an ISO 8601 date")
            }
            return date
        }
        return decoder
    }()

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(format(date))
        }
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()
}
