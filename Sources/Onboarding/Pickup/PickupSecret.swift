public import Foundation

/// What the pickup page shows once: the temporary password or the Temporary Access Pass, kept
/// sealed in the store under `PickupSecret.secretKind` (as JSON, bound to the case ID) until the
/// right code takes it. It is a copy made for the pickup, so taking it never removes what the
/// other steps still need (the TAP's method ID, the sealed temporary password).
public struct PickupSecret: Codable, Hashable, Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public static let secretKind = "pickup-secret"

    public enum Kind: String, Codable, Hashable, Sendable {
        case temporaryPassword = "temporary-password"
        case temporaryAccessPass = "temporary-access-pass"
    }

    public var kind: Kind
    /// The secret itself: never in a description, a log line or an error.
    public var value: String
    /// A Temporary Access Pass works from this moment (nil: at once).
    public var validFrom: Date?
    /// A Temporary Access Pass stops working at this moment.
    public var validUntil: Date?

    public init(kind: Kind, value: String, validFrom: Date? = nil, validUntil: Date? = nil) {
        self.kind = kind
        self.value = value
        self.validFrom = validFrom
        self.validUntil = validUntil
    }

    /// The JSON that is sealed.
    public func document() throws -> String {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    /// From the opened JSON.
    public init(document: String) throws {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        self = try decoder.decode(PickupSecret.self, from: Data(document.utf8))
    }

    public var description: String { "PickupSecret(\(kind.rawValue), <redacted>)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["kind": kind, "validFrom": validFrom as Any, "validUntil": validUntil as Any]) }
}
