public import Foundation
import LDAP
public import LDAPClient
public import Logging

/// Active Directory (or Samba AD) operations over a pool bound as the service account.
///
/// ```swift
/// let user = try await directory.findUser(.employeeID("E1001"))
/// try await directory.setPassword(for: user, to: secret, options: .init(mustChangeAtNextLogon: false, enable: true))
/// ```
public struct ActiveDirectory: Sendable {
    public let pool: LDAPConnectionPool
    /// Where users are searched: the domain root or the OU Firstkey is delegated.
    public let searchBase: String
    let logger: Logger
    let cache: DirectoryReadCache

    /// `cacheLifetime`: how long the rootDSE and password policies are reused (zero: always read).
    public init(pool: LDAPConnectionPool, searchBase: String, logger: Logger = Logger(label: "firstkey.directory"), cacheLifetime: Duration = .seconds(60)) {
        self.pool = pool
        self.searchBase = searchBase
        self.logger = logger
        self.cache = DirectoryReadCache(lifetime: cacheLifetime)
    }

    // MARK: Reading

    public func rootDSE() async throws -> ADRootDSE {
        try await cache.value("rootDSE") { try await readRootDSE() }
    }

    private func readRootDSE() async throws -> ADRootDSE {
        do {
            let entry = try await pool.withConnection { connection in
                try await connection.search(SearchRequest(baseDN: "", scope: .baseObject, attributes: ADRootDSE.attributes)).entries.first
            }
            guard let entry else { throw DirectoryError(.unexpectedData, summary: "the DC returned no rootDSE") }
            return ADRootDSE(entry: entry)
        } catch {
            throw DirectoryError.from(error, operation: .search, context: "Reading the rootDSE")
        }
    }

    /// Finds exactly one user. Zero matches and several matches are both errors: never a guess.
    public func findUser(_ query: ADUserQuery) async throws -> ADUser {
        let users = try await findUsers(query, limit: 2)
        guard let user = users.first else {
            throw DirectoryError(.userNotFound, summary: "no user with \(query) exists under \(searchBase)",
                                 suggestedFix: "Check the identifier, and that the account has been provisioned to AD and lies under the configured search base")
        }
        guard users.count == 1 else {
            throw DirectoryError(.ambiguousUser, summary: "more than one user has \(query)", suggestedFix: "Make the identifier unique; Firstkey never picks one of several matches",
                                 reasons: users.map(\.dn))
        }
        return user
    }

    /// Up to `limit` users matching the query.
    public func findUsers(_ query: ADUserQuery, limit: Int32 = 0) async throws -> [ADUser] {
        let request = SearchRequest(baseDN: searchBase, scope: .wholeSubtree, sizeLimit: limit, filter: query.filter, attributes: ADUser.attributes)
        let response: LDAPResponse
        do {
            response = try await pool.withConnection { connection in
                try await connection.send(.searchRequest(request), controls: [DomainScopeControl.control()])
            }
        } catch {
            throw DirectoryError.from(error, operation: .search, context: "Searching for \(query)")
        }
        // sizeLimitExceeded with our own limit still carries the entries we asked for.
        guard response.result.resultCode == .success || (limit > 0 && response.result.resultCode == .sizeLimitExceeded) else {
            throw DirectoryError.from(LDAPError(.resultCode, operation: "searchRequest", result: response.result), operation: .search, context: "Searching for \(query)")
        }
        return try response.entries.map(ADUser.init(entry:))
    }

    /// Re-reads a user by DN.
    public func refresh(_ user: ADUser) async throws -> ADUser {
        do {
            let entry = try await pool.withConnection { connection in
                try await connection.search(SearchRequest(baseDN: user.dn, scope: .baseObject, attributes: ADUser.attributes)).entries.first
            }
            guard let entry else { throw DirectoryError(.userNotFound, summary: "\(user.dn) no longer exists") }
            return try ADUser(entry: entry)
        } catch {
            throw DirectoryError.from(error, operation: .search, context: "Reading \(user.dn)")
        }
    }

    /// SIDs of every group the user belongs to, nested membership included (tokenGroups).
    public func transitiveGroupSIDs(of user: ADUser) async throws -> [SecurityIdentifier] {
        do {
            let entry = try await pool.withConnection { connection in
                try await connection.search(SearchRequest(baseDN: user.dn, scope: .baseObject, attributes: ["tokenGroups"])).entries.first
            }
            return try (entry?.values("tokenGroups") ?? []).map { try SecurityIdentifier(bytes: $0) }
        } catch {
            throw DirectoryError.from(error, operation: .search, context: "Reading the group memberships of \(user.dn)")
        }
    }

    /// Why the account must not get a first credential, from a fresh read of it (every guard of
    /// `FirstCredentialGuard`); empty when it may. Returns the account as read.
    public func firstCredentialRefusals(for user: ADUser, guard firstCredentialGuard: FirstCredentialGuard, now: Date = Date()) async throws -> (user: ADUser, refusals: [String]) {
        let fresh = try await refresh(user)
        let groups = try await transitiveGroupSIDs(of: fresh)
        var denied: [SecurityIdentifier: String] = [:]
        var refusals: [String] = []
        for name in FirstCredentialGuard.tier0GroupNames + firstCredentialGuard.denyGroups {
            let configured = firstCredentialGuard.denyGroups.contains(name)
            if let sid = try await groupSID(named: name) {
                denied[sid] = name
            } else if configured {
                refusals.append("the deny group \(name) (guard.denyGroups) was not found, so membership cannot be ruled out; correct the setting")
            }
        }
        refusals += firstCredentialGuard.refusals(of: fresh, groups: groups, denied: denied, now: now)
        return (fresh, refusals)
    }

    /// The objectSid of a group given by DN or sAMAccountName, or nil when there is none.
    func groupSID(named name: String) async throws -> SecurityIdentifier? {
        try await cache.value("group:" + name.lowercased()) { () async throws -> SecurityIdentifier? in
            let request: SearchRequest
            if name.contains("=") {
                request = SearchRequest(baseDN: name, scope: .baseObject, attributes: ["objectSid"])
            } else {
                let domain = try await rootDSE().defaultNamingContext ?? searchBase.domainComponents
                request = SearchRequest(baseDN: domain, scope: .wholeSubtree, sizeLimit: 2,
                                        filter: .and([.equal("objectClass", "group"), .equal("sAMAccountName", name)]), attributes: ["objectSid"])
            }
            do {
                let response = try await pool.withConnection { connection in
                    try await connection.send(.searchRequest(request), controls: [DomainScopeControl.control()])
                }
                guard response.result.resultCode == .success, response.entries.count == 1, let bytes = response.entries[0].values("objectSid").first else { return nil }
                return try SecurityIdentifier(bytes: bytes)
            } catch let error as SecurityIdentifierError {
                throw DirectoryError(.unexpectedData, summary: "the group \(name) has a malformed objectSid: \(error)")
            } catch {
                throw DirectoryError.from(error, operation: .search, context: "Looking up the group \(name)")
            }
        }
    }

    /// Why Firstkey must not touch this account, or nil. Protected accounts (AdminSDHolder) do not
    /// inherit OU delegation, and resetting an administrator's password is not onboarding.
    public func protectionReason(for user: ADUser) async throws -> String? {
        if user.isProtectedByAdminCount {
            return "adminCount is 1 (the account is or was a member of a protected group and is managed by AdminSDHolder)"
        }
        let groups = try await transitiveGroupSIDs(of: user)
        if let protected = groups.first(where: ProtectedGroups.isProtected) {
            return "it is a member of the protected group \(ProtectedGroups.name(of: protected) ?? protected.description)"
        }
        return nil
    }

    /// The password policy that applies to the user: the fine-grained PSO if one applies and can
    /// be read, otherwise the domain policy.
    public func passwordPolicy(for user: ADUser?) async throws -> ADPasswordPolicy {
        if let pso = user?.resultantPSO {
            do {
                let policy = try await cache.value("pso:" + pso) { () async throws -> ADPasswordPolicy? in
                    let entry = try await pool.withConnection { connection in
                        try await connection.search(SearchRequest(baseDN: pso, scope: .baseObject, attributes: ADPasswordPolicy.passwordSettingsAttributeNames)).entries.first
                    }
                    return try entry.map { try ADPasswordPolicy.fromPasswordSettingsObject($0.attributeMap, dn: pso) }
                }
                if let policy { return policy }
            } catch {
                logger.warning("the fine-grained password policy applying to the user could not be read; showing the domain policy", metadata: ["pso": "\(pso)", "error": "\(error)"])
            }
        }
        return try await domainPasswordPolicy()
    }

    public func domainPasswordPolicy() async throws -> ADPasswordPolicy {
        try await cache.value("domainPolicy") { try await readDomainPasswordPolicy() }
    }

    private func readDomainPasswordPolicy() async throws -> ADPasswordPolicy {
        let domainDN: String
        if let context = try await rootDSE().defaultNamingContext {
            domainDN = context
        } else {
            domainDN = searchBase.domainComponents
        }
        do {
            let entry = try await pool.withConnection { connection in
                try await connection.search(SearchRequest(baseDN: domainDN, scope: .baseObject, attributes: ADPasswordPolicy.domainAttributeNames)).entries.first
            }
            guard let entry else { throw DirectoryError(.unexpectedData, summary: "the domain object \(domainDN) could not be read") }
            return try ADPasswordPolicy.fromDomainAttributes(entry.attributeMap, dn: domainDN)
        } catch let error as ADPasswordPolicyError {
            throw DirectoryError(.unexpectedData, summary: "the domain password policy could not be read: \(error)")
        } catch {
            throw DirectoryError.from(error, operation: .search, context: "Reading the domain password policy")
        }
    }

    // MARK: Writing

    public struct SetPasswordOptions: Hashable, Sendable {
        /// true: pwdLastSet 0, the user must choose a new password at next logon (temporary
        /// passwords). false: pwdLastSet -1, the password is the user's own (portal).
        public var mustChangeAtNextLogon: Bool
        /// Clear ACCOUNTDISABLE in the same modify.
        public var enable: Bool
        /// Write lockoutTime 0 in the same modify.
        public var unlock: Bool
        /// Check the password against the effective policy before sending it.
        public var precheckPolicy: Bool
        /// Ask the DC to enforce password history on this reset, where it supports the control.
        public var enforceHistory: Bool
        /// Refuse adminCount=1 and protected-group members.
        public var refuseProtectedAccounts: Bool
        /// A first credential: the account is read again right before the write and refused
        /// (`accountInUse`) when it shows any sign of use. nil for an administrator's own reset.
        public var firstCredentialGuard: FirstCredentialGuard?

        public init(mustChangeAtNextLogon: Bool, enable: Bool = false, unlock: Bool = false, precheckPolicy: Bool = true, enforceHistory: Bool = true,
                    refuseProtectedAccounts: Bool = true, firstCredentialGuard: FirstCredentialGuard? = nil) {
            self.mustChangeAtNextLogon = mustChangeAtNextLogon
            self.enable = enable
            self.unlock = unlock
            self.precheckPolicy = precheckPolicy
            self.enforceHistory = enforceHistory
            self.refuseProtectedAccounts = refuseProtectedAccounts
            self.firstCredentialGuard = firstCredentialGuard
        }
    }

    public struct SetPasswordOutcome: Hashable, Sendable {
        /// The user as read back after the write.
        public var user: ADUser
        /// Whether the DC enforced password history (policy hints control accepted).
        public var historyEnforced: Bool
        public var server: String
    }

    /// Sets the password with one modify: unicodePwd replace, pwdLastSet, and optionally
    /// userAccountControl (enable) and lockoutTime (unlock), so the account never sits half-done.
    @discardableResult
    public func setPassword(for user: ADUser, to password: String, options: SetPasswordOptions) async throws -> SetPasswordOutcome {
        guard !password.isEmpty else { throw DirectoryError(.invalidInput, summary: "the new password is empty") }
        if options.refuseProtectedAccounts, let reason = try await protectionReason(for: user) {
            throw DirectoryError(.protectedAccount, summary: "Firstkey will not set the password of \(user.dn) because \(reason)",
                                 suggestedFix: "Protected accounts must be handled by a domain administrator, not by onboarding automation")
        }
        if let firstCredentialGuard = options.firstCredentialGuard {
            let (_, refusals) = try await firstCredentialRefusals(for: user, guard: firstCredentialGuard)
            if !refusals.isEmpty {
                throw DirectoryError(.accountInUse, summary: FirstCredentialGuard.explanation(refusals, account: user.samAccountName ?? user.dn),
                                     suggestedFix: "Check the intake that named this account; a second credential for a used account is an administrator's reset, not onboarding",
                                     reasons: refusals)
            }
        }
        let policy = try? await passwordPolicy(for: user)
        if options.precheckPolicy, let policy {
            let violations = policy.violations(of: password, samAccountName: user.samAccountName, displayName: user.displayName)
            if !violations.isEmpty {
                throw DirectoryError(.passwordRejectedByPolicy, summary: "the password does not meet the password policy (\(policy.summary))",
                                     suggestedFix: "Choose a password that satisfies every rule", reasons: violations)
            }
        }
        var changes: [ModifyRequest.Change] = [
            .replace("unicodePwd", bytes: [ActiveDirectory.unicodePwdValue(password)]),
            .replace("pwdLastSet", [options.mustChangeAtNextLogon ? "0" : "-1"]),
        ]
        if options.enable {
            var uac = user.userAccountControl
            uac.remove(.accountDisabled)
            uac.insert(.normalAccount)
            changes.append(.replace("userAccountControl", [uac.ldapValue]))
        }
        if options.unlock { changes.append(.replace("lockoutTime", ["0"])) }
        let request = ModifyRequest(dn: user.dn, changes: changes)

        let hintsOID = options.enforceHistory ? (try? await rootDSE())?.policyHintsOID : nil
        do {
            let (server, historyEnforced) = try await pool.withConnection { connection in
                if let hintsOID {
                    let response = try await connection.send(.modifyRequest(request), controls: [PolicyHintsControl.control(oid: hintsOID)])
                    if response.result.resultCode == .success { return (connection.server.description, true) }
                    // A DC that advertises the control but refuses it (Samba does): fall back.
                    guard response.result.resultCode == .unavailableCriticalExtension else {
                        throw LDAPError(.resultCode, operation: "modifyRequest", result: response.result, server: connection.server.description)
                    }
                }
                try await connection.modify(request)
                return (connection.server.description, false)
            }
            logger.info("password set", metadata: ["user": "\(user.dn)", "mustChange": "\(options.mustChangeAtNextLogon)", "enabled": "\(options.enable)", "historyEnforced": "\(historyEnforced)"])
            return SetPasswordOutcome(user: try await refresh(user), historyEnforced: historyEnforced, server: server)
        } catch {
            throw DirectoryError.from(error, operation: .setPassword, policy: policy, context: "Setting the password of \(user.samAccountName ?? user.dn)")
        }
    }

    /// Clears ACCOUNTDISABLE.
    public func enable(_ user: ADUser) async throws {
        var uac = user.userAccountControl
        uac.remove(.accountDisabled)
        try await modify(user, [.replace("userAccountControl", [uac.ldapValue])], context: "Enabling \(user.dn)")
    }

    public func unlock(_ user: ADUser) async throws {
        try await modify(user, [.replace("lockoutTime", ["0"])], context: "Unlocking \(user.dn)")
    }

    private func modify(_ user: ADUser, _ changes: [ModifyRequest.Change], context: String) async throws {
        do {
            try await pool.withConnection { connection in _ = try await connection.modify(ModifyRequest(dn: user.dn, changes: changes)) }
        } catch {
            throw DirectoryError.from(error, operation: .modify, context: context)
        }
    }

    /// unicodePwd's value: the password in double quotes, UTF-16LE (MS-ADTS 3.1.1.3.1.5.1).
    public static func unicodePwdValue(_ password: String) -> [UInt8] {
        ("\"" + password + "\"").utf16.flatMap { [UInt8(truncatingIfNeeded: $0), UInt8(truncatingIfNeeded: $0 >> 8)] }
    }
}

extension SearchResultEntry {
    /// Attribute name → string values, for the pure parsers.
    var attributeMap: [String: [String]] {
        Dictionary(attributes.map { ($0.name, $0.stringValues) }, uniquingKeysWith: +)
    }
}

extension String {
    /// `OU=Staff,DC=ad,DC=example,DC=test` → `DC=ad,DC=example,DC=test`.
    var domainComponents: String {
        split(separator: ",").filter { $0.trimmingPrefix(" ").lowercased().hasPrefix("dc=") }.joined(separator: ",")
    }
}
