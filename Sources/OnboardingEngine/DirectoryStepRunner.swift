import Foundation
public import Directory
import LDAPClient
public import Logging
public import Onboarding
public import Store

/// Issues the temporary password of a case idempotently: the same case always gets the same
/// password (kept sealed in the store), so a step that runs twice after a crash never leaves
/// the hire with two different credentials.
public protocol TemporaryPasswordIssuer: Sendable {
    func password(for onboarding: OnboardingCase, policy: ADPasswordPolicy, user: ADUser) async throws -> String
}

/// The steps that talk to Active Directory: correlate, check, prepare-credential. With Microsoft
/// Graph configured (`entra`), correlation goes through the hire's Entra user, and the TAP mode
/// creates, watches and deletes a Temporary Access Pass (see `EntraSteps`). The deliver step and
/// the pickup's part of the complete step are `DeliverySteps`; without delivery channels the
/// deliver step says so and the case escalates before the hire date instead of failing silently.
public struct DirectoryStepRunner: StepRunner {
    let directory: ActiveDirectory
    let issuer: (any TemporaryPasswordIssuer)?
    let entra: EntraSteps?
    let delivery: DeliverySteps?
    /// Only never-used accounts get a first credential: checked at the check step and again
    /// right before a credential is written or created.
    let firstCredentialGuard: FirstCredentialGuard
    /// Where earlier cases are found: an account that another case already gave a first
    /// credential gets no second one without an administrator's reissue. nil: not checked.
    let store: (any CaseStore)?
    let logger: Logger

    /// - Parameter entra: the Graph-backed parts; nil keeps correlation AD-only and refuses the TAP mode.
    /// - Parameter delivery: the messages and the pickup; nil leaves cases waiting at deliver.
    public init(directory: ActiveDirectory, issuer: (any TemporaryPasswordIssuer)?, entra: EntraSteps? = nil, delivery: DeliverySteps? = nil,
                firstCredentialGuard: FirstCredentialGuard = FirstCredentialGuard(), store: (any CaseStore)? = nil, logger: Logger = Logger(label: "firstkey.steps")) {
        self.directory = directory
        self.issuer = issuer
        self.entra = entra
        self.delivery = delivery
        self.firstCredentialGuard = firstCredentialGuard
        self.store = store
        self.logger = logger
    }

    public func run(_ kind: StepKind, for onboarding: OnboardingCase) async -> StepResult {
        switch kind {
        case .correlate:
            if let entra { await entra.correlate(onboarding) } else { await correlate(onboarding) }
        case .check: await check(onboarding)
        case .prepareCredential: await prepareCredential(onboarding)
        case .deliver:
            if let delivery { await delivery.deliver(onboarding) } else { StepResult(.retry(reason: "no delivery channel is configured (SMS, e-mail)")) }
        case .complete: await complete(onboarding)
        case .cleanUp: await cleanUp(onboarding)
        }
    }

    /// After the portal set the password, the hire is told over the other channel first; then, in
    /// every mode, a Temporary Access Pass Firstkey created must not outlive the case.
    func cleanUp(_ onboarding: OnboardingCase) async -> StepResult {
        var notice: String?
        if let delivery, let step = await delivery.passwordSetNoticeStep(onboarding) {
            guard case .succeeded(let detail) = step.outcome else { return step }
            notice = detail
        }
        let cleaned = if let entra { await entra.cleanUp(onboarding) } else { StepResult(.succeeded(detail: "nothing left to clean up")) }
        guard let notice, case .succeeded(let detail) = cleaned.outcome else { return cleaned }
        return StepResult(.succeeded(detail: "\(notice); \(detail)"), identity: cleaned.identity)
    }

    /// Temporary password: done when the hire picked it up. TAP: a destroyed or expired pickup
    /// needs a person; otherwise done when a passwordless method is registered. While nothing
    /// has been picked up, a message reported as not delivered goes out over its next route
    /// (delivery sends only what is not accepted); once it has, nothing is sent again.
    func complete(_ onboarding: OnboardingCase) async -> StepResult {
        let pickup = await delivery?.pickupOutcome(onboarding)
        var result = await complete(onboarding, pickup: pickup)
        if pickup == nil, let expiry = await delivery?.openPickupExpiry(onboarding) {
            result.lookAgainBy = expiry.addingTimeInterval(1)
        }
        return result
    }

    private func complete(_ onboarding: OnboardingCase, pickup: StepOutcome?) async -> StepResult {
        if let delivery, pickup == nil {
            let redelivery = await delivery.deliver(onboarding)
            if case .succeeded = redelivery.outcome {} else { return redelivery }
        }
        // The round's pickup ended: nothing of the credential stays sealed in the store, also while
        // the case waits or is escalated. A wipe that fails is this step's retry, not a log line.
        if let delivery, let pickup, pickup.endsPickupRound {
            do {
                if try await delivery.closePickupRound(onboarding) {
                    logger.info("the ended pickup round's secrets were wiped", metadata: ["case": "\(onboarding.id)"])
                }
            } catch {
                return StepResult(.retry(reason: "wiping the secrets of the ended pickup round: \(StepFailure.describe(error))"))
            }
        }
        switch (onboarding.deliveryMode, pickup) {
        case (.temporaryPassword, let outcome?):
            return StepResult(outcome)
        case (.tap, let outcome?) where outcome.needsPersonOrRetry:
            return StepResult(outcome)
        case (.tap, _):
            if let entra { return await entra.complete(onboarding) }
            return StepResult(.wait(reason: "waiting for the hire to use the credential"))
        default:
            return StepResult(.wait(reason: "waiting for the hire to use the credential"))
        }
    }

    /// The identifiers to try, strongest first (reference: correlation of an Entra user with AD).
    static func queries(for identity: HireIdentity) -> [ADUserQuery] {
        var queries: [ADUserQuery] = []
        if let sid = identity.objectSid, let value = try? SecurityIdentifier(string: sid) { queries.append(.objectSid(value)) }
        if let guid = identity.objectGUID, let value = try? ObjectGUID(string: guid) { queries.append(.objectGUID(value)) }
        if let anchor = identity.immutableID, let value = try? ObjectGUID(base64: anchor) { queries += [.consistencyGuid(value), .objectGUID(value)] }
        // UPN and sAMAccountName before employeeID: AD indexes them, but not employeeID by
        // default, and an unindexed search walks every object (≈100 ms at 10,000 users).
        // A match by them must still agree with the employee ID (see `correlate`).
        if let upn = identity.userPrincipalName, !upn.isEmpty { queries.append(.userPrincipalName(upn)) }
        if let sam = identity.samAccountName, !sam.isEmpty { queries.append(.samAccountName(sam)) }
        if let id = identity.employeeID, !id.isEmpty { queries.append(.employeeID(id)) }
        return queries
    }

    func correlate(_ onboarding: OnboardingCase) async -> StepResult {
        let queries = Self.queries(for: onboarding.identity)
        guard !queries.isEmpty else { return StepResult(.failed(reason: "the case has no identifier to find the AD account by")) }
        for query in queries {
            do {
                let user = try await directory.findUser(query)
                if let expected = onboarding.identity.employeeID, let found = user.employeeID, found != expected {
                    return StepResult(.failed(reason: "the AD account found by \(query.kind) (\(user.samAccountName ?? user.dn)) has employee ID \(found), not \(expected); Firstkey never guesses"))
                }
                var identity = onboarding.identity
                identity.samAccountName = user.samAccountName ?? identity.samAccountName
                identity.userPrincipalName = identity.userPrincipalName ?? user.userPrincipalName
                identity.displayName = identity.displayName ?? user.displayName
                identity.objectSid = user.objectSid?.description ?? identity.objectSid
                identity.objectGUID = user.objectGUID?.description ?? identity.objectGUID
                return StepResult(.succeeded(detail: "found \(user.samAccountName ?? user.dn) by \(query.kind)"), identity: identity)
            } catch let error as DirectoryError where error.code == .userNotFound {
                continue
            } catch let error as DirectoryError where error.code == .ambiguousUser {
                return StepResult(.failed(reason: "more than one AD account matches \(query.kind); Firstkey never guesses"))
            } catch {
                return StepResult(.retry(reason: Self.reason(error)))
            }
        }
        return StepResult(.wait(reason: "no AD account matches yet (not provisioned or not synced)"))
    }

    func check(_ onboarding: OnboardingCase) async -> StepResult {
        do {
            let user = try await currentUser(onboarding)
            if let protection = try await directory.protectionReason(for: user) {
                return StepResult(.failed(reason: "the account is protected: \(protection)"))
            }
            if let refusal = try await firstCredentialRefusal(user) { return refusal }
            if let refusal = try await priorCredentialRefusal(onboarding) { return refusal }
            let policy = try await directory.passwordPolicy(for: user)
            return StepResult(.succeeded(detail: "\(user.samAccountName ?? user.dn): enabled \(user.isEnabled ? "yes" : "no"), policy \(policy.summary)"))
        } catch let error as DirectoryError where error.code == .userNotFound {
            return StepResult(.failed(reason: "the AD account found earlier no longer exists"))
        } catch {
            return StepResult(.retry(reason: Self.reason(error)))
        }
    }

    func prepareCredential(_ onboarding: OnboardingCase) async -> StepResult {
        do {
            if let refusal = try await priorCredentialRefusal(onboarding) { return refusal }
        } catch {
            return StepResult(.retry(reason: "the earlier cases could not be read: \(error)"))
        }
        switch onboarding.deliveryMode {
        case .selfService:
            return StepResult(.succeeded(detail: "the hire will choose their own password in the portal; nothing is generated"))
        case .tap:
            guard let entra else {
                return StepResult(.failed(reason: "the TAP mode needs the Microsoft Graph client, which this installation does not have configured"))
            }
            // EntraSteps checks the account (protected, signs of use) right before creating the pass.
            return await entra.prepareTemporaryAccessPass(onboarding)
        case .temporaryPassword:
            guard let issuer else { return StepResult(.failed(reason: "no sealing key is configured, so no temporary password can be kept safely")) }
            do {
                let user = try await currentUser(onboarding)
                let policy = try await directory.passwordPolicy(for: user)
                let password = try await issuer.password(for: onboarding, policy: policy, user: user)
                let outcome = try await directory.setPassword(for: user, to: password, options: .init(mustChangeAtNextLogon: true, enable: true,
                                                                                                        firstCredentialGuard: firstCredentialGuard))
                return StepResult(.succeeded(detail: "temporary password written to \(user.samAccountName ?? user.dn) on \(outcome.server), must change at next logon, account enabled"))
            } catch let error as DirectoryError where error.code == .accountInUse {
                return StepResult(.attention(reason: error.summary))
            } catch let error as DirectoryError where [.protectedAccount, .passwordRejectedByPolicy].contains(error.code) {
                return StepResult(.failed(reason: Self.reason(error)))
            } catch {
                return StepResult(.retry(reason: Self.reason(error)))
            }
        }
    }

    /// The account shows signs of use: nothing is written, created or sent; the service desk is
    /// told once (`attention`) and the case waits for a person.
    func firstCredentialRefusal(_ user: ADUser) async throws -> StepResult? {
        let (fresh, refusals) = try await directory.firstCredentialRefusals(for: user, guard: firstCredentialGuard)
        guard !refusals.isEmpty else { return nil }
        logger.warning("first credential refused: the account shows signs of use", metadata: ["user": "\(fresh.dn)", "reasons": "\(refusals.count)"])
        return StepResult(.attention(reason: FirstCredentialGuard.explanation(refusals, account: fresh.samAccountName ?? fresh.dn)))
    }

    /// Another case already gave this account (same AD object or Entra user) a credential, or is
    /// about to: a second one needs an administrator's `firstkey cases reissue`.
    func priorCredentialRefusal(_ onboarding: OnboardingCase) async throws -> StepResult? {
        guard let store, onboarding.reissue == nil else { return nil }
        let keys = CaseFilter.HireKeys(entraObjectID: onboarding.identity.entraObjectID, objectSid: onboarding.identity.objectSid)
        guard keys.entraObjectID != nil || keys.objectSid != nil else { return nil }
        let given: Set<CaseState> = [.credentialPrepared, .delivered, .completed, .cleanedUp]
        let earlier = try await store.listCases(CaseFilter(hire: keys, limit: 50)).filter { other in
            other.id != onboarding.id && (given.contains(other.state) || other.passwordChosenAt != nil
                || (other.state != .cancelled && other.step(.prepareCredential).status == .succeeded))
        }
        guard let first = earlier.first else { return nil }
        return StepResult(.attention(reason: "case \(first.id) already gave this account a first credential (\(first.state.rawValue)); Firstkey gives no second one. "
            + "If the hire really needs a new one, an administrator allows it with: firstkey cases reissue \(onboarding.id) --reason …"))
    }

    func currentUser(_ onboarding: OnboardingCase) async throws -> ADUser {
        if let guid = onboarding.identity.objectGUID, let value = try? ObjectGUID(string: guid) {
            return try await directory.findUser(.objectGUID(value))
        }
        guard let first = Self.queries(for: onboarding.identity).first else {
            throw DirectoryError(.userNotFound, summary: "the case has no identifier")
        }
        return try await directory.findUser(first)
    }

    /// Error text for the case record: the directory's explanation, which never carries a secret.
    static func reason(_ error: any Error) -> String {
        if let directoryError = error as? DirectoryError { return directoryError.description }
        if let ldapError = error as? LDAPError { return ldapError.description }
        return "\(error)"
    }
}

extension ADUserQuery {
    /// The identifier's name without its value (values stay out of the audit trail's reasons).
    var kind: String {
        switch self {
        case .objectSid: "objectSid"
        case .objectGUID: "objectGUID"
        case .consistencyGuid: "mS-DS-ConsistencyGuid"
        case .samAccountName: "sAMAccountName"
        case .userPrincipalName: "userPrincipalName"
        case .employeeID: "employeeID"
        case .distinguishedName: "distinguishedName"
        }
    }
}

extension StepOutcome {
    /// A pickup outcome that ends the round: picked up, or destroyed or expired (a person must act).
    var endsPickupRound: Bool {
        switch self {
        case .succeeded, .attention: true
        case .retry, .wait, .failed: false
        }
    }

    var needsPersonOrRetry: Bool {
        switch self {
        case .attention, .retry: true
        case .succeeded, .wait, .failed: false
        }
    }
}
