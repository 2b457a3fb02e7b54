/// The language a message is written in. Built-in templates exist for English and German; any
/// other preference falls back to English.
public struct DeliveryLanguage: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Lower-case ISO 639-1 code, e.g. `de`.
    public let code: String

    public static let english = DeliveryLanguage(uncheckedCode: "en")
    public static let german = DeliveryLanguage(uncheckedCode: "de")
    /// Languages with built-in templates.
    public static let builtIn: [DeliveryLanguage] = [.english, .german]

    private init(uncheckedCode: String) { code = uncheckedCode }

    /// The language of a tag such as `de`, `de-AT`, `de_CH` or `EN-gb`: its primary subtag,
    /// lower-cased. Nil if the tag does not start with two or three letters.
    public init?(tag: String) {
        let primary = tag.split(whereSeparator: { $0 == "-" || $0 == "_" }).first.map(String.init) ?? ""
        guard (2...3).contains(primary.count), primary.allSatisfy({ $0.isASCII && $0.isLetter }) else { return nil }
        code = primary.lowercased()
    }

    /// The first of `tags` with built-in templates, else English.
    public static func preferred(_ tags: [String], available: [DeliveryLanguage] = builtIn) -> DeliveryLanguage {
        for tag in tags {
            if let language = DeliveryLanguage(tag: tag), available.contains(language) { return language }
        }
        return .english
    }

    public var description: String { code }
}
