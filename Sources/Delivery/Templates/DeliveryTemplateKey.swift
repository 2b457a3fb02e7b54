/// Which template renders a message: its kind, format and language.
public struct DeliveryTemplateKey: Sendable, Hashable, Codable, CustomStringConvertible {
    public var kind: DeliveryMessageKind
    public var format: DeliveryTemplateFormat
    public var language: DeliveryLanguage

    public init(_ kind: DeliveryMessageKind, _ format: DeliveryTemplateFormat, _ language: DeliveryLanguage) {
        self.kind = kind
        self.format = format
        self.language = language
    }

    public var description: String { "\(kind)/\(format)/\(language)" }
}
