/// Checks and normalizes the numbers and addresses the policy routes to. Nothing is guessed: a
/// national number without a country code is refused, not completed.
public enum DeliveryAddress {
    /// `+491701234567` from `+49 170 123-4567`, `(+49) 170/1234567` or `0049 170 1234567`; nil
    /// unless the result is E.164 (`+`, 8 to 15 digits, no leading zero).
    public static func normalizedMobilePhone(_ raw: String) -> String? {
        var text = raw.filter { !" \t-./()".contains($0) }
        if text.hasPrefix("00") { text = "+" + text.dropFirst(2) }
        guard text.first == "+" else { return nil }
        let digits = text.dropFirst()
        guard (8...15).contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }), digits.first != "0" else { return nil }
        return text
    }

    /// The address trimmed, if it looks deliverable: one `@`, a non-empty local part, a domain
    /// with a dot, no spaces or control characters, at most 254 characters.
    public static func normalizedEmail(_ raw: String) -> String? {
        let text = raw.trimmingWhitespace
        guard text.utf8.count <= 254, !text.contains(where: { $0.isWhitespace || ($0.asciiValue ?? 0x20) < 0x20 || "<>\",;".contains($0) }) else { return nil }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix(".") else { return nil }
        return text
    }

    static func sameMailbox(_ a: String, _ b: String) -> Bool {
        a.lowercased() == b.lowercased()
    }
}
