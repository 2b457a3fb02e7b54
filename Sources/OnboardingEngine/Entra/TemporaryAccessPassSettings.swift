/// How Firstkey creates the Temporary Access Passes of TAP cases. The tenant's TAP policy must
/// allow what is asked (its maximum lifetime is 8 hours unless changed), or Graph refuses it.
public struct TemporaryAccessPassSettings: Hashable, Sendable {
    /// How long the pass works once valid, 10–43200 minutes (within the tenant policy's range).
    public var lifetimeInMinutes: Int
    /// A one-time pass stops working after the first sign-in; the hire must register a
    /// passwordless method within 10 minutes of it.
    public var isUsableOnce: Bool
    /// Minutes after the start of the hire date (00:00 UTC) at which a pass created before that
    /// day becomes valid: 0 means from midnight UTC. With an 8-hour lifetime a hire west of UTC
    /// may need e.g. 360 (06:00 UTC) so the pass still works when they arrive.
    public var validFromMinutesIntoHireDate: Int

    public init(lifetimeInMinutes: Int = 480, isUsableOnce: Bool = true, validFromMinutesIntoHireDate: Int = 0) {
        self.lifetimeInMinutes = lifetimeInMinutes
        self.isUsableOnce = isUsableOnce
        self.validFromMinutesIntoHireDate = validFromMinutesIntoHireDate
    }
}
