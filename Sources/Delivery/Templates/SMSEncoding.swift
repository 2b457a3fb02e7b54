/// How many SMS segments a text costs. GSM 03.38 7-bit (160 characters in one segment, 153 per
/// segment when concatenated; `^{}[]~|€\` and form feed count twice) if every character is in
/// its basic or extension table, else UCS-2 (70 UTF-16 units, 67 per segment).
public struct SMSEncoding: Sendable, Hashable, CustomStringConvertible {
    public enum Alphabet: String, Sendable, Hashable {
        case gsm7 = "GSM-7"
        case ucs2 = "UCS-2"
    }

    public var alphabet: Alphabet
    /// Septets (GSM-7) or UTF-16 code units (UCS-2).
    public var units: Int
    public var segments: Int
    /// The characters that forced UCS-2, if any.
    public var nonGSMCharacters: [Character]

    public init(_ text: String) {
        var septets = 0
        var outside: [Character] = []
        for character in text {
            if Self.basic.contains(character) {
                septets += 1
            } else if Self.extended.contains(character) {
                septets += 2
            } else if !outside.contains(character) {
                outside.append(character)
            }
        }
        if outside.isEmpty {
            alphabet = .gsm7
            units = septets
            segments = septets <= 160 ? 1 : (septets + 152) / 153
        } else {
            alphabet = .ucs2
            units = text.utf16.count
            segments = units <= 70 ? 1 : (units + 66) / 67
        }
        nonGSMCharacters = outside
    }

    /// The largest single-segment text in this alphabet.
    public var singleSegmentLimit: Int { alphabet == .gsm7 ? 160 : 70 }

    public var description: String {
        "\(alphabet.rawValue), \(units)/\(singleSegmentLimit) \(alphabet == .gsm7 ? "characters" : "UTF-16 units"), \(segments) segment\(segments == 1 ? "" : "s")"
    }

    private static let basic: Set<Character> = Set(
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà")
    private static let extended: Set<Character> = Set("^{}\\[~]|€\u{0C}")
}
