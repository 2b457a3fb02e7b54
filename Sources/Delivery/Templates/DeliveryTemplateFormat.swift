/// How a message is laid out: an SMS (one plain text, also used by the webhook) or an e-mail
/// (subject, plain text and HTML).
public enum DeliveryTemplateFormat: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    case sms
    case email

    public init(channel: DeliveryChannelKind) {
        self = channel == .email ? .email : .sms
    }

    public var description: String { rawValue }
}
