/// A sender or recipient with an optional display name.
public struct EmailAddress: Sendable, Hashable, CustomStringConvertible {
    public var address: String
    public var displayName: String?

    /// Refuses a malformed address.
    public init(_ address: String, displayName: String? = nil) throws(DeliveryError) {
        guard let normalized = DeliveryAddress.normalizedEmail(address) else {
            throw DeliveryError(.invalidConfiguration, detail: "'\(RecipientMask.mask(address))' is not an e-mail address")
        }
        self.address = normalized
        self.displayName = displayName.map(EncodedWord.sanitized).flatMap { $0.trimmingWhitespace.isEmpty ? nil : $0.trimmingWhitespace }
    }

    /// The part after `@`.
    public var domain: String { String(address[address.index(after: address.lastIndex(of: "@")!)...]) }

    /// `"Display Name" <address>` for a header, the name encoded if needed.
    var headerValue: String {
        guard let displayName else { return "<\(address)>" }
        if displayName.unicodeScalars.allSatisfy(\.isASCII) {
            let escaped = displayName.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"")
            return "\"\(escaped)\" <\(address)>"
        }
        return "\(EncodedWord.encode(displayName)) <\(address)>"
    }

    public var description: String { displayName.map { "\($0) <\(address)>" } ?? address }
}
