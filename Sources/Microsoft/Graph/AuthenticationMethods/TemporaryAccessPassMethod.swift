public import Foundation

/// A Temporary Access Pass as Graph lists it: everything except the pass itself, which only the
/// create response carries (§4).
public struct TemporaryAccessPassMethod: Sendable, Hashable, Decodable {
    public enum Usability: Sendable, Hashable {
        case enabledByPolicy, disabledByPolicy, expired, notYetValid, oneTimeUsed
        case other(String)

        init(_ raw: String) {
            switch raw {
            case "EnabledByPolicy": self = .enabledByPolicy
            case "DisabledByPolicy": self = .disabledByPolicy
            case "Expired": self = .expired
            case "NotYetValid": self = .notYetValid
            case "OneTimeUsed": self = .oneTimeUsed
            default: self = .other(raw)
            }
        }
    }

    public var id: String
    public var createdDateTime: Date?
    public var startDateTime: Date?
    public var lifetimeInMinutes: Int?
    public var isUsableOnce: Bool?
    public var isUsable: Bool?
    public var methodUsabilityReason: Usability?

    public init(id: String, createdDateTime: Date? = nil, startDateTime: Date? = nil, lifetimeInMinutes: Int? = nil,
                isUsableOnce: Bool? = nil, isUsable: Bool? = nil, methodUsabilityReason: Usability? = nil) {
        self.id = id
        self.createdDateTime = createdDateTime
        self.startDateTime = startDateTime
        self.lifetimeInMinutes = lifetimeInMinutes
        self.isUsableOnce = isUsableOnce
        self.isUsable = isUsable
        self.methodUsabilityReason = methodUsabilityReason
    }

    /// When the pass stops working: start (or creation) plus lifetime.
    public var expiresAt: Date? {
        guard let lifetimeInMinutes, let start = startDateTime ?? createdDateTime else { return nil }
        return start.addingTimeInterval(TimeInterval(lifetimeInMinutes) * 60)
    }

    enum CodingKeys: String, CodingKey {
        case id, createdDateTime, startDateTime, lifetimeInMinutes, isUsableOnce, isUsable, methodUsabilityReason
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        createdDateTime = try? container.decodeIfPresent(Date.self, forKey: .createdDateTime)
        startDateTime = try? container.decodeIfPresent(Date.self, forKey: .startDateTime)
        lifetimeInMinutes = try container.decodeIfPresent(Int.self, forKey: .lifetimeInMinutes)
        isUsableOnce = try container.decodeIfPresent(Bool.self, forKey: .isUsableOnce)
        isUsable = try container.decodeIfPresent(Bool.self, forKey: .isUsable)
        methodUsabilityReason = try container.decodeIfPresent(String.self, forKey: .methodUsabilityReason).map(Usability.init)
    }
}
