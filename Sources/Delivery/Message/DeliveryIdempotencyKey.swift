/// Identifies one message across retries: the same key means "the same message", so a provider
/// that deduplicates (ACS repeatability, the webhook receiver, the SMTP Message-ID) does not send
/// it twice. Derived from the case, the delivery round (an administrator's re-send starts a new
/// one), the message kind and the route's channel.
public struct DeliveryIdempotencyKey: Hashable, Sendable, Codable, CustomStringConvertible {
    public static let maximumLength = 200

    public let rawValue: String

    /// Printable ASCII without spaces, 1…200 characters; anything else is refused.
    public init?(_ rawValue: String) {
        guard (1...Self.maximumLength).contains(rawValue.utf8.count),
              rawValue.utf8.allSatisfy({ (0x21...0x7E).contains($0) })
        else { return nil }
        self.rawValue = rawValue
    }

    /// `firstkey/<case>/deliver/<round>`: the base of every message of one delivery round.
    /// Characters outside printable ASCII in the case ID are replaced by `_`.
    public static func delivery(caseID: String, round: Int) -> DeliveryIdempotencyKey {
        let safe = String(caseID.unicodeScalars.map { (0x21...0x7E).contains($0.value) && $0 != "/" ? Character($0) : "_" })
        return DeliveryIdempotencyKey(uncheckedRawValue: "firstkey/\(safe.prefix(100))/deliver/\(max(0, round))")
    }

    private init(uncheckedRawValue: String) { rawValue = uncheckedRawValue }

    /// This key with `/component` appended (unsafe characters replaced, the result cut to the
    /// maximum length).
    public func appending(_ component: String) -> DeliveryIdempotencyKey {
        let safe = String(component.unicodeScalars.map { (0x21...0x7E).contains($0.value) ? Character($0) : "_" })
        return DeliveryIdempotencyKey(uncheckedRawValue: String((rawValue + "/" + safe).prefix(Self.maximumLength)))
    }

    public var description: String { rawValue }
}
