/// The tenant's Temporary Access Pass method policy
/// (`temporaryAccessPassAuthenticationMethodConfiguration`).
public struct TemporaryAccessPassPolicy: Sendable, Hashable {
    public var enabled: Bool
    public var defaultLifetimeInMinutes: Int
    public var minimumLifetimeInMinutes: Int
    public var maximumLifetimeInMinutes: Int
    /// 8–48.
    public var defaultLength: Int
    /// true forces every pass to be one-time.
    public var isUsableOnce: Bool
    /// Group or user IDs whose members may sign in with a pass; `all_users` targets everyone.
    public var includeTargets: [String]
    public var excludeTargets: [String]

    /// The policy as a tenant has it after enabling TAP in the admin center (UI defaults 1 h / 8 h).
    public init(enabled: Bool = true, defaultLifetimeInMinutes: Int = 60, minimumLifetimeInMinutes: Int = 60, maximumLifetimeInMinutes: Int = 480,
                defaultLength: Int = 8, isUsableOnce: Bool = false, includeTargets: [String] = ["all_users"], excludeTargets: [String] = [])
    {
        self.enabled = enabled
        self.defaultLifetimeInMinutes = defaultLifetimeInMinutes
        self.minimumLifetimeInMinutes = minimumLifetimeInMinutes
        self.maximumLifetimeInMinutes = maximumLifetimeInMinutes
        self.defaultLength = defaultLength
        self.isUsableOnce = isUsableOnce
        self.includeTargets = includeTargets
        self.excludeTargets = excludeTargets
    }

    /// Whether `userID` may sign in with a pass (targets are user IDs or `all_users`; the
    /// simulator has no groups).
    func targets(_ userID: String) -> Bool {
        if excludeTargets.contains(userID) { return false }
        return includeTargets.contains("all_users") || includeTargets.contains(userID)
    }
}
