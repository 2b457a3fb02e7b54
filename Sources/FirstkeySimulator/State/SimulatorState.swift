import Foundation

/// Everything the simulated tenant knows, in one value. It lives in one `Mutex` in
/// `SimulatorCore`; handlers read and change it inside `withLock` and do slow work (signing,
/// sleeping, I/O) outside.
struct SimulatorState: Sendable {
    var users: [String: SimulatedUser] = [:]
    /// User IDs in insertion order: the order of `GET /users` pages.
    var userOrder: [String] = []
    var applications: [String: SimulatedApplication] = [:]
    var authenticationMethods: [String: [SimulatedAuthenticationMethod]] = [:]
    var temporaryAccessPasses: [String: SimulatedTemporaryAccessPass] = [:]
    var temporaryAccessPassPolicy = TemporaryAccessPassPolicy()
    /// A Microsoft Entra ID P1/P2 licence: without one Graph refuses `signInActivity` (403),
    /// which is also the simulator's default, the reading least convenient for Firstkey.
    var hasPremiumLicence = false
    var outbox: [SentMail] = []
    var resumeCalls: [LifecycleWorkflowResumeCall] = []
    /// Task processing results waiting for `resume`, by their ID; removed once resumed.
    var pendingTaskProcessingResults: [String: SimulatedTaskProcessingResult] = [:]
    var completedTaskProcessingResults: [String: SimulatedTaskProcessingResult] = [:]
    var faults = FaultSchedule()
    /// Published signing keys, oldest first; the last one signs new tokens.
    var signingKeys: [SigningKey] = []
    var pendingAuthorizations: [String: AuthorizationRequest] = [:]
    var authorizationCodes: [String: AuthorizationCode] = [:]
    var refreshTokens: [String: RefreshTokenGrant] = [:]
    /// Client assertion `jti`s seen, with when they may be forgotten (their `exp`).
    var seenAssertionIDs: [String: Date] = [:]
    /// Added to the wall clock: lets tests move the simulated tenant's time forward.
    var clockOffset: TimeInterval = 0
    /// ACS and Twilio: resources, accounts, the SMS outbox, carrier rules, Event Grid subscriptions.
    var sms = SMSState()

    var activeSigningKey: SigningKey { signingKeys[signingKeys.count - 1] }

    func signingKey(id: String) -> SigningKey? { signingKeys.first { $0.keyID == id } }

    /// A user by object ID or by UPN (case-insensitive), as Graph's `/users/{id | userPrincipalName}`.
    func user(idOrPrincipalName key: String) -> SimulatedUser? {
        if let user = users[key.lowercased()] ?? users[key] { return user }
        let lowered = key.lowercased()
        return users.values.first { $0.userPrincipalName.lowercased() == lowered }
    }

    mutating func upsert(_ user: SimulatedUser) {
        if users[user.id] == nil { userOrder.append(user.id) }
        users[user.id] = user
    }

    var orderedUsers: [SimulatedUser] { userOrder.compactMap { users[$0] } }

    /// Removes a user with their methods and pass.
    mutating func removeUser(idOrPrincipalName key: String) {
        guard let user = user(idOrPrincipalName: key) else { return }
        users[user.id] = nil
        userOrder.removeAll { $0 == user.id }
        authenticationMethods[user.id] = nil
        temporaryAccessPasses[user.id] = nil
    }
}
