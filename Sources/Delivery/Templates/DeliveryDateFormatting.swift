import Foundation

/// Dates as a reader of the message's language expects them, in the organization's time zone.
enum DeliveryDateFormatting {
    enum Style {
        /// "Monday, 3 March 2025" / "Montag, 3. März 2025".
        case day
        /// "3 March 2025 at 18:00" / "3. März 2025 um 18:00".
        case dayAndTime
        /// "3 Mar, 18:00" / "03.03., 18:00" (SMS).
        case short
    }

    static func format(_ date: Date, _ style: Style, language: DeliveryLanguage, timeZone: TimeZone) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: language == .german ? "de_DE" : "en_GB")
        formatter.timeZone = timeZone
        switch style {
        case .day:
            formatter.dateStyle = .full
            formatter.timeStyle = .none
        case .dayAndTime:
            formatter.dateStyle = .long
            formatter.timeStyle = .short
        case .short:
            formatter.dateFormat = language == .german ? "dd.MM., HH:mm" : "d MMM, HH:mm"
        }
        return formatter.string(from: date)
    }
}
