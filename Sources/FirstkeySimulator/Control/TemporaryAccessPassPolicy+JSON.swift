import Foundation

/// Graph's property names: `state`, `defaultLifetimeInMinutes`, `minimumLifetimeInMinutes`,
/// `maximumLifetimeInMinutes`, `defaultLength`, `isUsableOnce`, `includeTargets`, `excludeTargets` (IDs).
extension TemporaryAccessPassPolicy {
    init(json: JSONValue) throws(SimulatorInputError) {
        var policy = TemporaryAccessPassPolicy()
        if let state = json["state"]?.stringValue {
            guard state == "enabled" || state == "disabled" else { throw SimulatorInputError("state must be enabled or disabled") }
            policy.enabled = state == "enabled"
        }
        if let value = json["defaultLifetimeInMinutes"]?.intValue { policy.defaultLifetimeInMinutes = value }
        if let value = json["minimumLifetimeInMinutes"]?.intValue { policy.minimumLifetimeInMinutes = value }
        if let value = json["maximumLifetimeInMinutes"]?.intValue { policy.maximumLifetimeInMinutes = value }
        if let value = json["defaultLength"]?.intValue { policy.defaultLength = value }
        if let value = json["isUsableOnce"]?.boolValue { policy.isUsableOnce = value }
        if let list = json["includeTargets"]?.arrayValue { policy.includeTargets = list.compactMap { $0.stringValue ?? $0["id"]?.stringValue } }
        if let list = json["excludeTargets"]?.arrayValue { policy.excludeTargets = list.compactMap { $0.stringValue ?? $0["id"]?.stringValue } }
        try policy.validate()
        self = policy
    }

    /// The bounds Entra enforces on the policy itself.
    func validate() throws(SimulatorInputError) {
        let range = 10...43200
        guard range.contains(minimumLifetimeInMinutes), range.contains(maximumLifetimeInMinutes), range.contains(defaultLifetimeInMinutes),
              minimumLifetimeInMinutes <= defaultLifetimeInMinutes, defaultLifetimeInMinutes <= maximumLifetimeInMinutes
        else { throw SimulatorInputError("lifetimes must be within 10–43200 minutes and minimum ≤ default ≤ maximum") }
        guard (8...48).contains(defaultLength) else { throw SimulatorInputError("defaultLength must be 8–48") }
    }
}

extension TemporaryAccessPassPolicy {
    /// The `/_sim` form, same names as accepted.
    var json: JSONValue {
        [
            "state": .string(enabled ? "enabled" : "disabled"),
            "defaultLifetimeInMinutes": .integer(defaultLifetimeInMinutes),
            "minimumLifetimeInMinutes": .integer(minimumLifetimeInMinutes),
            "maximumLifetimeInMinutes": .integer(maximumLifetimeInMinutes),
            "defaultLength": .integer(defaultLength),
            "isUsableOnce": .bool(isUsableOnce),
            "includeTargets": .strings(includeTargets),
            "excludeTargets": .strings(excludeTargets),
        ]
    }
}
