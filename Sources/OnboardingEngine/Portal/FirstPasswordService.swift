public import Directory
public import Foundation
public import Logging
public import Microsoft
public import Onboarding
import Store

/// Who signed in to the portal, from a validated ID token: keyed by tenant + object ID, never by
/// the (mutable) UPN or e-mail.
public struct PortalUser: Sendable, Hashable {
    public var tenantID: String
    public var objectID: String
    /// `onprem_sid` (optional claim): the AD objectSid the Entra user was synced from.
    public var onPremisesSecurityIdentifier: String?
    /// `preferred_username`, for display only.
    public var preferredUsername: String?
    public var name: String?
    /// `groups` claim (object IDs).
    public var groups: [String]
    /// `amr` of the sign-in, for the audit trail.
    public var authenticationMethods: [String]

    public init(tenantID: String, objectID: String, onPremisesSecurityIdentifier: String? = nil, preferredUsername: String? = nil, name: String? = nil,
                groups: [String] = [], authenticationMethods: [String] = []) {
        self.tenantID = tenantID
        self.objectID = objectID
        self.onPremisesSecurityIdentifier = onPremisesSecurityIdentifier
        self.preferredUsername = preferredUsername
        self.name = name
        self.groups = groups
        self.authenticationMethods = authenticationMethods
    }
}

/// The AD account a signed-in hire may set the first password of, with the rules it must meet.
public struct PortalAccount: Sendable, Hashable {
    public var caseID: CaseID
    /// What the hire signs in to Windows with (UPN, else sAMAccountName).
    public var username: String
    public var samAccountName: String?
    public var displayName: String?
    public var policy: ADPasswordPolicy

    public init(caseID: CaseID, username: String, samAccountName: String?, displayName: String?, policy: ADPasswordPolicy) {
        self.caseID = caseID
        self.username = username
        self.samAccountName = samAccountName
        self.displayName = displayName
        self.policy = policy
    }
}

/// What the portal finds for a signed-in user.
public enum PortalAccountLookup: Sendable, Hashable {
    case ready(PortalAccount)
    /// Not now, in words for the hire (no case, already set, still being prepared …).
    case refused(String)
}

/// What became of a submitted password.
public enum FirstPasswordOutcome: Sendable, Hashable {
    /// Written to AD. `notice`: how the hire was told on the other channel (for the page).
    case set(at: Date, server: String, temporaryAccessPassesDeleted: Int)
    /// AD (or the policy check before it) refused this password: the reasons, in plain words.
    /// The hire may try another one.
    case rejected([String])
    /// The hire may not set a password here (see `PortalAccountLookup.refused`).
    case refused(String)
    /// The directory or the store could not be reached; nothing was written. Try again later.
    case unavailable(String)
}

/// The portal's side of the engine: find the signed-in hire's case and AD account, and set the
/// password they chose — once per case.
public protocol FirstPasswordAccounts: Sendable {
    func account(for user: PortalUser) async -> PortalAccountLookup
    func setPassword(_ password: String, for user: PortalUser, caseID: CaseID) async -> FirstPasswordOutcome
    /// Whether a set password is followed by a notice to the hire over another channel.
    var sendsPasswordSetNotices: Bool { get }
}

/// Sets a hire's first AD password for the portal:
///
/// 1. the case is found by the token's object ID (or `onprem_sid`), must be open, in self-service
///    or TAP mode, correlated and checked (`CaseLifecycle.portalRefusal`);
/// 2. the case is claimed, version-checked, so two racing submissions cannot both write;
/// 3. the password is written in one modify with pwdLastSet -1 (the hire chose it; no change at
///    next logon) and, if configured, the account enabled;
/// 4. every Temporary Access Pass of the user is deleted (a leftover TAP keeps taking over the
///    cloud sign-in prompt) and the case completes; its clean-up step, run by the engine, tells
///    the hire over the other channel.
///
/// A refusal by AD releases the claim, so the hire can try another password at once.
public struct FirstPasswordService: FirstPasswordAccounts {
    public var sendsPasswordSetNotices: Bool { notices != nil }

    public struct Settings: Sendable {
        public var enableAccount: Bool
        /// Members of these groups may set a first password without a case: one is opened for them.
        public var allowedGroups: Set<String>
        public var hireDateForGroupMembers: @Sendable (Date) -> Date
        /// Checked right before the password is written: only a never-used account gets one.
        public var firstCredentialGuard: FirstCredentialGuard

        public init(enableAccount: Bool = true, allowedGroups: Set<String> = [], hireDateForGroupMembers: @escaping @Sendable (Date) -> Date = { $0.addingTimeInterval(86_400) },
                    firstCredentialGuard: FirstCredentialGuard = FirstCredentialGuard()) {
            self.enableAccount = enableAccount
            self.allowedGroups = allowedGroups
            self.hireDateForGroupMembers = hireDateForGroupMembers
            self.firstCredentialGuard = firstCredentialGuard
        }
    }

    let engine: OnboardingEngine
    let directory: ActiveDirectory
    let graph: GraphClient?
    let notices: DeliverySteps?
    let settings: Settings
    let logger: Logger

    /// - Parameters:
    ///   - graph: deletes the hire's Temporary Access Passes; nil leaves that to the clean-up step.
    ///   - notices: the delivery the engine's clean-up step tells the hire with, over SMS or private
    ///     e-mail, that their password was set; here only to say so on the page.
    public init(engine: OnboardingEngine, directory: ActiveDirectory, graph: GraphClient?, notices: DeliverySteps?, settings: Settings = Settings(),
                logger: Logger = Logger(label: "firstkey.portal")) {
        self.engine = engine
        self.directory = directory
        self.graph = graph
        self.notices = notices
        self.settings = settings
        self.logger = logger
    }

    public func account(for user: PortalUser) async -> PortalAccountLookup {
        let onboarding: OnboardingCase
        do {
            switch try await findCase(for: user) {
            case .found(let found): onboarding = found
            case .refused(let reason): return .refused(reason)
            }
        } catch {
            logger.error("portal: the store could not be read", metadata: ["error": "\(error)"])
            return .refused("the onboarding service cannot look up your account right now; try again in a few minutes")
        }
        if let refusal = CaseLifecycle.portalRefusal(onboarding, at: engine.now()) { return .refused(refusal) }
        do {
            let user = try await adAccount(of: onboarding, signedIn: user)
            let policy = try await directory.passwordPolicy(for: user)
            return .ready(PortalAccount(caseID: onboarding.id, username: user.userPrincipalName ?? onboarding.identity.userPrincipalName ?? user.samAccountName ?? user.dn,
                                        samAccountName: user.samAccountName, displayName: user.displayName, policy: policy))
        } catch let refusal as Refusal {
            return .refused(refusal.reason)
        } catch {
            logger.error("portal: the AD account could not be read", metadata: ["case": "\(onboarding.id)", "error": "\(error)"])
            return .refused("the directory cannot be reached right now; try again in a few minutes")
        }
    }

    public func setPassword(_ password: String, for user: PortalUser, caseID: CaseID) async -> FirstPasswordOutcome {
        let actor = "portal:\(user.objectID)"
        let onboarding: OnboardingCase
        do {
            guard let found = try await engine.store.fetchCase(caseID), Self.belongs(found, to: user) else {
                return .refused("this page belongs to another sign-in; sign in again")
            }
            onboarding = try await engine.administer(caseID) { current, time in
                guard Self.belongs(current, to: user) else { throw LifecycleError(caseID: caseID, reason: "this page belongs to another sign-in; sign in again") }
                return try engine.lifecycle.claimPassword(current, at: time, actor: actor)
            }
            _ = found
        } catch let refusal as LifecycleError {
            return .refused(refusal.reason)
        } catch let error as StoreError where error.code == .leaseLost || error.code == .conflict {
            return .refused("your password is being set right now (in another window?); wait a minute, then reload this page")
        } catch {
            logger.error("portal: the case could not be claimed", metadata: ["case": "\(caseID)", "error": "\(error)"])
            return .unavailable("the onboarding service cannot save right now; nothing was changed, try again in a few minutes")
        }

        let written: ActiveDirectory.SetPasswordOutcome
        do {
            let account = try await adAccount(of: onboarding, signedIn: user)
            written = try await directory.setPassword(for: account, to: password, options: .init(mustChangeAtNextLogon: false, enable: settings.enableAccount,
                                                                                                 firstCredentialGuard: settings.firstCredentialGuard))
        } catch {
            let (outcome, reason) = Self.explain(error)
            await release(caseID, actor: actor, reason: reason)
            return outcome
        }

        let deleted = await deleteTemporaryAccessPasses(of: user, caseID: caseID)
        let setAt = engine.now()
        var detail = "the hire set their own password in the portal (signed in as \(user.objectID)"
        if !user.authenticationMethods.isEmpty { detail += " with \(user.authenticationMethods.joined(separator: "+"))" }
        detail += "); written on \(written.server), pwdLastSet -1\(settings.enableAccount ? ", account enabled" : "")"
        switch deleted {
        case .some(let count): detail += "; Temporary Access Passes deleted: \(count)"
        case .none: detail += "; Temporary Access Passes: left to clean-up"
        }
        for attempt in 0..<5 {
            do {
                // The case's clean-up step, due now, tells the hire over the other channel: the
                // notice is the engine's work, recorded with the case, so it survives this
                // process stopping right after the page has answered.
                _ = try await engine.administer(caseID) { current, time in try engine.lifecycle.passwordChosen(current, at: time, actor: actor, detail: detail) }
                break
            } catch let error as StoreError where (error.code == .leaseLost || error.code == .conflict) && attempt < 4 {
                try? await Task.sleep(for: .milliseconds(50 << attempt))
            } catch {
                // The password is in AD; the case still says claimed, so no second password can
                // be set before the claim lapses, and the complete step keeps the case honest.
                logger.error("portal: the password was set but the case could not be completed", metadata: ["case": "\(caseID)", "error": "\(error)"])
                break
            }
        }
        logger.info("portal: first password set", metadata: ["case": "\(caseID)", "server": "\(written.server)"])
        return .set(at: setAt, server: written.server, temporaryAccessPassesDeleted: deleted ?? 0)
    }

    // MARK: Parts

    enum FoundCase {
        case found(OnboardingCase)
        case refused(String)
    }

    struct Refusal: Error {
        var reason: String
    }

    /// The user's open case; for a member of an allowed group without one, a new self-service case.
    func findCase(for user: PortalUser) async throws -> FoundCase {
        let keys = CaseFilter.HireKeys(entraObjectID: user.objectID, objectSid: user.onPremisesSecurityIdentifier)
        let cases = try await engine.store.listCases(CaseFilter(hire: keys, limit: 50)).filter { Self.belongs($0, to: user) }
        if let open = cases.filter({ !$0.state.isTerminal }).max(by: { $0.createdAt < $1.createdAt }) { return .found(open) }
        if let latest = cases.max(by: { $0.createdAt < $1.createdAt }) { return .found(latest) }
        guard !settings.allowedGroups.isDisjoint(with: user.groups) else {
            return .refused("there is no onboarding case for your account, so this page cannot set a password for it; ask the IT service desk")
        }
        let request = OnboardingEngine.IntakeRequest(
            identity: HireIdentity(entraObjectID: user.objectID, userPrincipalName: user.preferredUsername, displayName: user.name,
                                   objectSid: user.onPremisesSecurityIdentifier),
            hireDate: settings.hireDateForGroupMembers(engine.now()), deliveryMode: .selfService, recipients: Recipients(), source: "portal")
        let (created, _) = try await engine.intake(request, actor: "portal:\(user.objectID)")
        return .found(created)
    }

    /// Whether the case is this user's: its Entra object ID is theirs, or (not yet known) its AD
    /// objectSid is the one their account was synced from.
    static func belongs(_ onboarding: OnboardingCase, to user: PortalUser) -> Bool {
        if let objectID = onboarding.identity.entraObjectID, !objectID.isEmpty {
            return objectID.lowercased() == user.objectID.lowercased()
        }
        guard let sid = onboarding.identity.objectSid, let claimed = user.onPremisesSecurityIdentifier else { return false }
        return sid == claimed
    }

    /// The case's AD account, which must be the one the signed-in user was synced from when the
    /// token says so.
    func adAccount(of onboarding: OnboardingCase, signedIn user: PortalUser) async throws -> ADUser {
        let queries: [ADUserQuery] = if let guid = onboarding.identity.objectGUID, let value = try? ObjectGUID(string: guid) {
            [.objectGUID(value)]
        } else {
            DirectoryStepRunner.queries(for: onboarding.identity)
        }
        guard let query = queries.first else { throw Refusal(reason: "your onboarding case names no AD account; ask the IT service desk") }
        let found = try await directory.findUsers(query, limit: 2)
        guard found.count == 1, let account = found.first else {
            throw Refusal(reason: found.isEmpty ? "your AD account was not found; ask the IT service desk" : "more than one AD account matches yours; ask the IT service desk")
        }
        if let claimed = user.onPremisesSecurityIdentifier, let sid = account.objectSid?.description, claimed != sid {
            throw Refusal(reason: "your sign-in belongs to a different AD account than your onboarding case; ask the IT service desk")
        }
        return account
    }

    /// The page's outcome and the audit trail's reason for a write that did not happen.
    static func explain(_ error: any Error) -> (FirstPasswordOutcome, String) {
        if let refusal = error as? Refusal { return (.refused(refusal.reason), refusal.reason) }
        guard let directoryError = error as? DirectoryError else {
            return (.unavailable("the directory cannot be reached right now; nothing was changed, try again in a few minutes"), "\(error)")
        }
        switch directoryError.code {
        case .passwordRejectedByPolicy:
            let reasons = directoryError.reasons.isEmpty ? [Self.sentence(directoryError.summary)] : directoryError.reasons
            return (.rejected(reasons), "AD refused the password: \(directoryError.summary)")
        case .protectedAccount:
            return (.refused("your account is a protected (administrative) account; its password is set by a domain administrator"), directoryError.summary)
        case .accountInUse:
            return (.refused("your account has already been used, so this page cannot give it a first password; ask the IT service desk"), directoryError.summary)
        case .userNotFound:
            return (.refused("your AD account was not found; ask the IT service desk"), directoryError.summary)
        default:
            return (.unavailable("the directory refused or could not be reached (\(directoryError.summary)); nothing was changed, try again in a few minutes"),
                    directoryError.description)
        }
    }

    static func sentence(_ text: String) -> String {
        guard let first = text.first else { return text }
        return first.uppercased() + text.dropFirst() + (text.hasSuffix(".") ? "" : ".")
    }

    func release(_ caseID: CaseID, actor: String, reason: String) async {
        do {
            _ = try await engine.administer(caseID) { current, time in engine.lifecycle.releasePassword(current, at: time, actor: actor, reason: reason) }
        } catch {
            logger.error("portal: the claim could not be released; it lapses by itself", metadata: ["case": "\(caseID)", "error": "\(error)"])
        }
    }

    /// Deletes every Temporary Access Pass of the user; nil when that could not be done (no
    /// Graph, or Graph failed: the clean-up step deletes the one Firstkey created).
    func deleteTemporaryAccessPasses(of user: PortalUser, caseID: CaseID) async -> Int? {
        guard let graph else { return nil }
        do {
            var deleted = 0
            for pass in try await graph.temporaryAccessPasses(of: user.objectID) where try await graph.deleteTemporaryAccessPass(pass.id, of: user.objectID) {
                deleted += 1
            }
            return deleted
        } catch {
            logger.error("portal: the Temporary Access Passes could not be deleted", metadata: ["case": "\(caseID)", "error": "\(error)"])
            return nil
        }
    }
}
