public import Foundation

/// Options for a new pass. All optional: without them the tenant policy's defaults apply and
/// the pass is usable immediately.
public struct TemporaryAccessPassRequest: Sendable, Hashable {
    public static let lifetimeRange = 10...43_200

    public var startDateTime: Date?
    public var lifetimeInMinutes: Int?
    /// `false` works only if the policy allows multi-use passes.
    public var isUsableOnce: Bool?

    public init(startDateTime: Date? = nil, lifetimeInMinutes: Int? = nil, isUsableOnce: Bool? = nil) {
        self.startDateTime = startDateTime
        self.lifetimeInMinutes = lifetimeInMinutes
        self.isUsableOnce = isUsableOnce
    }

    struct Body: Encodable {
        var startDateTime: Date?
        var lifetimeInMinutes: Int?
        var isUsableOnce: Bool?
    }

    var body: Body { Body(startDateTime: startDateTime, lifetimeInMinutes: lifetimeInMinutes, isUsableOnce: isUsableOnce) }

    /// Why Graph would refuse it, checked before sending.
    var problem: String? {
        if let lifetimeInMinutes, !Self.lifetimeRange.contains(lifetimeInMinutes) {
            return "a Temporary Access Pass lifetime must be 10 to 43200 minutes, not \(lifetimeInMinutes)"
        }
        return nil
    }
}
