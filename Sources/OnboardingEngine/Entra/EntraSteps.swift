public import Credentials
public import Directory
public import Foundation
public import Logging
public import Microsoft
public import Onboarding
public import Store

/// The parts of the steps that talk to Entra ID through Microsoft Graph, composed by
/// `DirectoryStepRunner` when Graph is configured:
///
/// - **correlate**: find the hire's Entra user and the AD object it was synced from
///   (`EntraCorrelation`), and keep both sides' identifiers on the case;
/// - **prepare-credential** (TAP mode): refuse privileged accounts, then create the
///   Temporary Access Pass once and keep it sealed (`TemporaryAccessPassIssuer`);
/// - **complete** (TAP mode): delete the pass once a passwordless method is registered, or at
///   its expiry (`TemporaryAccessPassWatcher`);
/// - **clean-up** (every mode): delete a pass Firstkey created for the case, if one is left.
public struct EntraSteps: Sendable {
    let graph: GraphClient
    let directory: any DirectoryAccountReader
    let correlator: EntraCorrelator
    /// nil without a sealing key: no pass can be kept safely, so none is created.
    let issuer: TemporaryAccessPassIssuer?
    let watcher: TemporaryAccessPassWatcher
    /// A TAP is a first credential too: only for a never-used account.
    let firstCredentialGuard: FirstCredentialGuard
    let now: @Sendable () -> Date

    /// - Parameters:
    ///   - directory: `ActiveDirectory` (the same one the runner uses).
    ///   - store, sealer: where and how the pass is kept sealed (the temporary password's key;
    ///     `SealedPasswordIssuer.secretSealer`). Without a sealer the TAP mode fails with a reason.
    ///   - now: the clock passes expire by.
    public init(graph: GraphClient, directory: some DirectoryAccountReader, store: any CaseStore, sealer: SecretSealer?,
                temporaryAccessPasses: TemporaryAccessPassSettings = TemporaryAccessPassSettings(), firstCredentialGuard: FirstCredentialGuard = FirstCredentialGuard(),
                logger: Logger = Logger(label: "firstkey.steps.entra"), now: @escaping @Sendable () -> Date = { Date() }) {
        self.graph = graph
        self.firstCredentialGuard = firstCredentialGuard
        self.now = now
        self.directory = directory
        self.correlator = EntraCorrelator(graph: graph, directory: directory)
        self.issuer = sealer.map { TemporaryAccessPassIssuer(graph: graph, store: store, sealer: $0, settings: temporaryAccessPasses, logger: logger, now: now) }
        self.watcher = TemporaryAccessPassWatcher(graph: graph, store: store, sealer: sealer, logger: logger, now: now)
    }

    /// Finds both sides of the hire, then refuses an Entra user in use (directory role, past sign-in)
    /// before any mode creates or writes a credential.
    func correlate(_ onboarding: OnboardingCase) async -> StepResult {
        var result = await correlator.correlate(onboarding)
        guard case .succeeded(let detail) = result.outcome, let userID = EntraCorrelation.nonEmpty(result.identity?.entraObjectID) else { return result }
        do {
            let findings = try await entraFindings(userID)
            let refusals = EntraAccountGuard.refusals(findings)
            if !refusals.isEmpty {
                result.outcome = .attention(reason: EntraAccountGuard.explanation(refusals, user: result.identity?.userPrincipalName ?? userID))
            } else if let limitation = EntraAccountGuard.limitation(findings) {
                result.outcome = .succeeded(detail: "\(detail); \(limitation)")
            }
        } catch {
            return StepResult(StepFailure.outcome(error, while: "checking that the Entra user is not in use"), identity: result.identity)
        }
        return result
    }

    func entraFindings(_ userID: String) async throws -> EntraAccountGuard.Findings {
        EntraAccountGuard.Findings(directoryRoles: try await graph.directoryRoles(of: userID), signInActivity: try await graph.signInActivity(of: userID))
    }

    /// The TAP mode's prepare-credential step.
    func prepareTemporaryAccessPass(_ onboarding: OnboardingCase) async -> StepResult {
        guard let issuer else {
            return StepResult(.failed(reason: "no sealing key is configured, so no Temporary Access Pass can be kept safely"))
        }
        // A TAP signs in as the user: never for a privileged account, even if it became one
        // after the check step (the cloud side cannot be asked without more permissions).
        do {
            let account = try await currentAccount(onboarding)
            if let protection = try await directory.protectionReason(for: account) {
                return StepResult(.failed(reason: "the account is protected: \(protection); Firstkey creates no Temporary Access Pass for it"))
            }
            let (fresh, refusals) = try await directory.firstCredentialRefusals(for: account, guard: firstCredentialGuard, now: now())
            if !refusals.isEmpty {
                return StepResult(.attention(reason: FirstCredentialGuard.explanation(refusals, account: fresh.samAccountName ?? fresh.dn)))
            }
        } catch let refusal as Refusal {
            return StepResult(.failed(reason: refusal.reason))
        } catch {
            return StepResult(StepFailure.outcome(error, while: "re-reading the AD account"))
        }

        var identity: HireIdentity?
        let userID: String
        if let id = EntraCorrelation.nonEmpty(onboarding.identity.entraObjectID) {
            userID = id
        } else {
            // Correlated before Graph was configured: find the Entra user now.
            do {
                switch try await correlator.findEntraUser(onboarding.identity) {
                case .found(let user, _):
                    userID = user.id
                    identity = onboarding.identity
                    identity?.entraObjectID = user.id
                case .wait(let reason): return StepResult(.wait(reason: reason))
                case .refuse(let reason): return StepResult(.failed(reason: reason))
                }
            } catch {
                return StepResult(StepFailure.outcome(error, while: "looking up the hire in Entra ID"))
            }
        }

        // A TAP signs in as the user: an Entra user who already set up a way to sign in (a passkey,
        // Authenticator, a phone) is someone's account in use, not a new hire's. A pass this case
        // already holds is reused as before.
        do {
            let onRecord = try await IssuedTemporaryAccessPass.load(for: onboarding.id, from: issuer.store, sealer: issuer.sealer)
            if onRecord?.userID.lowercased() != userID.lowercased() {
                let refusals = EntraAccountGuard.refusals(try await entraFindings(userID))
                if !refusals.isEmpty {
                    return StepResult(.attention(reason: EntraAccountGuard.explanation(refusals, user: userID)), identity: identity)
                }
                let setUp = try await graph.authenticationMethods(of: userID).filter(\.isSignInMethodSetUpByAUser)
                if !setUp.isEmpty {
                    let kinds = Array(Set(setUp.map(\.kindName))).sorted().joined(separator: ", ")
                    return StepResult(.attention(reason: "Firstkey creates no Temporary Access Pass for the Entra user \(userID): it already has \(kinds) registered, "
                        + "so it is an account in use, not a new hire's. If this really is the new hire, check who registered the methods; otherwise the intake named the wrong account"),
                        identity: identity)
                }
            }
        } catch {
            return StepResult(StepFailure.outcome(error, while: "reading the Entra user's authentication methods"))
        }

        do {
            let prepared = try await issuer.prepare(for: onboarding, userID: userID)
            return StepResult(.succeeded(detail: prepared.detail), identity: identity)
        } catch {
            return StepResult(StepFailure.outcome(error, while: "preparing the Temporary Access Pass"), identity: identity)
        }
    }

    /// The TAP mode's complete step.
    func complete(_ onboarding: OnboardingCase) async -> StepResult {
        await watcher.complete(onboarding)
    }

    func cleanUp(_ onboarding: OnboardingCase) async -> StepResult {
        await watcher.cleanUp(onboarding)
    }

    /// The pass on record for the case, opened (for the deliver step), or nil.
    public func temporaryAccessPass(for caseID: CaseID) async throws -> IssuedTemporaryAccessPass? {
        guard let sealer = issuer?.sealer, let store = issuer?.store else { return nil }
        return try await IssuedTemporaryAccessPass.load(for: caseID, from: store, sealer: sealer)
    }

    struct Refusal: Error {
        var reason: String
    }

    /// The case's AD account as it is now, by the identifiers correlation stored.
    func currentAccount(_ onboarding: OnboardingCase) async throws -> ADUser {
        let queries: [ADUserQuery] = if let guid = onboarding.identity.objectGUID, let value = try? ObjectGUID(string: guid) {
            [.objectGUID(value)]
        } else {
            DirectoryStepRunner.queries(for: onboarding.identity)
        }
        guard let query = queries.first else { throw Refusal(reason: "the case has no identifier to find the AD account by") }
        let found = try await directory.findUsers(query, limit: 2)
        guard found.count == 1, let account = found.first else {
            throw Refusal(reason: found.isEmpty ? "the AD account found earlier no longer exists" : "more than one AD account matches \(query.kind); Firstkey never guesses")
        }
        return account
    }
}

extension SealedPasswordIssuer {
    /// The sealer of the temporary passwords, to seal Temporary Access Passes with the same key.
    public var secretSealer: SecretSealer { sealer }
}
