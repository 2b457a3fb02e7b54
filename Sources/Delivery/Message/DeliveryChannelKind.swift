/// The transport a message travels over. SMS and webhook messages go to a mobile number (a
/// webhook is a relay such as an SMS gateway or a chat bridge); e-mail goes to a mailbox.
public enum DeliveryChannelKind: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    case sms
    case email
    case webhook

    /// Whether messages of this kind are addressed to a mobile number (else to an e-mail address).
    public var addressesMobilePhone: Bool { self != .email }

    public var description: String { rawValue }
}
