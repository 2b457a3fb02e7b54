public import Foundation

/// A user's Temporary Access Pass (`temporaryAccessPassAuthenticationMethod`). The pass itself
/// is kept so tests can read what Graph returned once, at creation.
public struct SimulatedTemporaryAccessPass: Sendable, Hashable {
    public var id: String
    public var temporaryAccessPass: String
    public var createdDateTime: Date
    /// When the pass becomes usable; nil means at creation.
    public var startDateTime: Date?
    public var lifetimeInMinutes: Int
    public var isUsableOnce: Bool
    /// Set when a one-time pass was used to sign in (see `FirstkeySimulator.markTemporaryAccessPassUsed`).
    public var used: Bool

    public init(id: String, temporaryAccessPass: String, createdDateTime: Date, startDateTime: Date?, lifetimeInMinutes: Int, isUsableOnce: Bool, used: Bool = false) {
        self.id = id
        self.temporaryAccessPass = temporaryAccessPass
        self.createdDateTime = createdDateTime
        self.startDateTime = startDateTime
        self.lifetimeInMinutes = lifetimeInMinutes
        self.isUsableOnce = isUsableOnce
        self.used = used
    }

    /// `methodUsabilityReason` values.
    public enum UsabilityReason: String, Sendable {
        case enabledByPolicy = "EnabledByPolicy"
        case disabledByPolicy = "DisabledByPolicy"
        case expired = "Expired"
        case notYetValid = "NotYetValid"
        case oneTimeUsed = "OneTimeUsed"
    }

    /// The start of validity: `startDateTime`, or creation.
    public var validFrom: Date { startDateTime ?? createdDateTime }
    public var validUntil: Date { validFrom.addingTimeInterval(TimeInterval(lifetimeInMinutes * 60)) }

    /// Why the pass is or is not usable at `now` under `policy` for a user the policy targets or not.
    public func usability(at now: Date, policyEnabled: Bool, userTargeted: Bool) -> UsabilityReason {
        if !policyEnabled || !userTargeted { return .disabledByPolicy }
        if isUsableOnce && used { return .oneTimeUsed }
        if now < validFrom { return .notYetValid }
        if now >= validUntil { return .expired }
        return .enabledByPolicy
    }
}
