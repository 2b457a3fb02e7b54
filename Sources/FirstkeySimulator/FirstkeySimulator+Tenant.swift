public import Foundation

/// Seeding and inspecting the simulated tenant in-process (tests, the demo). `/_sim` offers the
/// same over HTTP.
extension FirstkeySimulator {
    // MARK: Applications

    /// Registers (or replaces) an app registration and its service principal.
    public func registerApplication(_ application: SimulatedApplication) {
        core.withState { $0.applications[application.clientID.lowercased()] = application }
    }

    public func application(clientID: String) -> SimulatedApplication? {
        core.withState { $0.applications[clientID.lowercased()] }
    }

    // MARK: Users

    /// Adds or replaces a user (matched by `id`, which is stored lowercased like Graph's GUIDs).
    public func addUser(_ user: SimulatedUser) {
        var user = user
        user.id = user.id.lowercased()
        user.managerID = user.managerID?.lowercased()
        core.withState { $0.upsert(user) }
    }

    /// A user by object ID or UPN.
    public func user(id: String) -> SimulatedUser? {
        core.withState { $0.user(idOrPrincipalName: id) }
    }

    public func users() -> [SimulatedUser] {
        core.withState { $0.orderedUsers }
    }

    /// Changes a user in place (e.g. to simulate a sync filling `onPremisesSecurityIdentifier`);
    /// false when there is no such user.
    @discardableResult
    public func updateUser(id: String, _ change: (inout SimulatedUser) -> Void) -> Bool {
        core.withState { state in
            guard let existing = state.user(idOrPrincipalName: id) else { return false }
            var user = existing
            change(&user)
            user.id = existing.id
            user.managerID = user.managerID?.lowercased()
            state.users[existing.id] = user
            return true
        }
    }

    public func removeUser(id: String) {
        core.withState { $0.removeUser(idOrPrincipalName: id) }
    }

    // MARK: Authentication methods

    /// Registers a method for the user with that ID (a method with the same `id` is replaced).
    public func addAuthenticationMethod(_ method: SimulatedAuthenticationMethod, toUser id: String) {
        core.withState { state in
            let userID = state.user(idOrPrincipalName: id)?.id ?? id.lowercased()
            var methods = state.authenticationMethods[userID, default: []]
            methods.removeAll { $0.id == method.id }
            methods.append(method)
            state.authenticationMethods[userID] = methods
        }
    }

    public func removeAuthenticationMethod(id methodID: String, fromUser id: String) {
        core.withState { state in
            let userID = state.user(idOrPrincipalName: id)?.id ?? id.lowercased()
            state.authenticationMethods[userID]?.removeAll { $0.id == methodID }
        }
    }

    /// The user's registered methods, Temporary Access Pass excluded.
    public func authenticationMethods(ofUser id: String) -> [SimulatedAuthenticationMethod] {
        core.withState { state in
            let userID = state.user(idOrPrincipalName: id)?.id ?? id.lowercased()
            return state.authenticationMethods[userID] ?? []
        }
    }

    // MARK: Temporary Access Pass

    /// The user's pass (at most one), with the secret Graph showed once.
    public func temporaryAccessPasses(ofUser id: String) -> [SimulatedTemporaryAccessPass] {
        core.withState { state in
            let userID = state.user(idOrPrincipalName: id)?.id ?? id.lowercased()
            return state.temporaryAccessPasses[userID].map { [$0] } ?? []
        }
    }

    /// Simulates a sign-in with the user's pass: a one-time pass becomes `OneTimeUsed`.
    public func markTemporaryAccessPassUsed(ofUser id: String) {
        core.withState { state in
            let userID = state.user(idOrPrincipalName: id)?.id ?? id.lowercased()
            state.temporaryAccessPasses[userID]?.used = true
        }
    }

    public var temporaryAccessPassPolicy: TemporaryAccessPassPolicy {
        core.withState { $0.temporaryAccessPassPolicy }
    }

    /// Whether the tenant has Microsoft Entra ID P1/P2 (without it, no `signInActivity`).
    public func setPremiumLicence(_ premium: Bool) {
        core.withState { $0.hasPremiumLicence = premium }
    }

    public func setTemporaryAccessPassPolicy(_ policy: TemporaryAccessPassPolicy) {
        core.withState { $0.temporaryAccessPassPolicy = policy }
    }

    // MARK: Mail

    /// Messages accepted by `sendMail`, oldest first.
    public func sentMail() -> [SentMail] {
        core.withState { $0.outbox }
    }

    public func clearSentMail() {
        core.withState { $0.outbox.removeAll() }
    }

    // MARK: Lifecycle Workflows

    /// Makes a task processing result exist, as when Entra calls a custom task extension in
    /// "launch and wait" mode; only registered results can be resumed, once.
    public func registerTaskProcessingResult(_ result: SimulatedTaskProcessingResult) {
        var result = result
        result.taskProcessingResultID = result.taskProcessingResultID.lowercased()
        core.withState { $0.pendingTaskProcessingResults[result.taskProcessingResultID] = result }
    }

    /// Accepted `resume` calls, oldest first.
    public func resumeCalls() -> [LifecycleWorkflowResumeCall] {
        core.withState { $0.resumeCalls }
    }

    // MARK: Faults

    /// Replaces the fault plan; durations count from now.
    public func setFaults(_ faults: FaultPlan) {
        let now = core.now
        core.withState { $0.faults.set(faults, now: now) }
    }

    public func addFault(_ rule: FaultRule) {
        let now = core.now
        core.withState { $0.faults.add(rule, now: now) }
    }

    /// What is left of the fault plan.
    public func faults() -> FaultPlan {
        core.withState { $0.faults.current }
    }

    // MARK: Clock

    /// The simulated tenant's time (tokens, codes and passes expire by it).
    public var now: Date { core.now }

    /// Moves the simulated time forward (or back, with a negative value).
    public func advanceClock(by seconds: TimeInterval) {
        core.withState { $0.clockOffset += seconds }
    }

    // MARK: Signing keys

    /// Adds a new signing key that signs every token from now on; older keys stay published
    /// (tokens they signed stay valid) until `retireOldSigningKeys()`. Returns the new `kid`.
    @discardableResult
    public func rotateSigningKey() throws -> String {
        let key = try SigningKey.generate(now: core.now)
        core.withState { $0.signingKeys.append(key) }
        return key.keyID
    }

    /// Unpublishes every key but the active one: tokens they signed stop validating.
    public func retireOldSigningKeys() {
        core.withState { state in
            state.signingKeys = [state.activeSigningKey]
        }
    }

    /// Published key IDs, oldest first; the last signs new tokens.
    public func signingKeyIDs() -> [String] {
        core.withState { $0.signingKeys.map(\.keyID) }
    }
}

extension FirstkeySimulator {
    // MARK: Tokens

    /// Mints an access token signed like the simulator's own (for callers Firstkey must
    /// authenticate, such as a Logic App's managed identity).
    public func issueAccessToken(_ token: SimulatedAccessToken) throws -> String {
        try TokenIssuer.custom(token, core: core)
    }
}
