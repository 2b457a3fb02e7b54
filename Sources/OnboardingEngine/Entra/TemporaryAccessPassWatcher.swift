import Credentials
import Foundation
import Logging
import Microsoft
import Onboarding
import Store

/// The rest of a Temporary Access Pass's life after delivery: the complete step watches the
/// hire's authentication methods and deletes the pass once a passwordless method is registered
/// or the pass expires; the clean-up step deletes whatever of it is left. Only the pass on the
/// case's record is touched: a pass Firstkey did not create is never deleted.
struct TemporaryAccessPassWatcher: Sendable {
    let graph: GraphClient
    let store: any CaseStore
    let sealer: SecretSealer?
    let logger: Logger
    let now: @Sendable () -> Date

    func complete(_ onboarding: OnboardingCase) async -> StepResult {
        let pass: IssuedTemporaryAccessPass
        do {
            guard let sealer, let issued = try await IssuedTemporaryAccessPass.load(for: onboarding.id, from: store, sealer: sealer) else {
                return StepResult(.failed(reason: "no Temporary Access Pass of this case is on record, so Firstkey cannot tell when the hire is done with it"))
            }
            pass = issued
        } catch {
            return StepResult(StepFailure.outcome(error, while: "reading the case's Temporary Access Pass"))
        }
        do {
            let methods = try await graph.authenticationMethods(of: pass.userID)
            switch TemporaryAccessPassProgress.decide(pass, methods: methods, now: now()) {
            case .keepWaiting(let reason):
                return StepResult(.wait(reason: reason))
            case .finish(let note):
                let deleted = try await graph.deleteTemporaryAccessPass(pass.methodID, of: pass.userID)
                logger.info("temporary access pass ended", metadata: ["case": "\(onboarding.id)", "method": "\(pass.methodID)", "deleted": "\(deleted)"])
                return StepResult(.succeeded(detail: "\(note); the pass \(deleted ? "was deleted" : "was already gone")"))
            }
        } catch {
            return StepResult(StepFailure.outcome(error, while: "watching the hire's authentication methods"))
        }
    }

    /// Leaves no pass Firstkey created for the case, in any delivery mode.
    func cleanUp(_ onboarding: OnboardingCase) async -> StepResult {
        do {
            guard let sealer, let pass = try await IssuedTemporaryAccessPass.load(for: onboarding.id, from: store, sealer: sealer) else {
                return StepResult(.succeeded(detail: "Firstkey created no Temporary Access Pass for this case; nothing to delete"))
            }
            let deleted = try await graph.deleteTemporaryAccessPass(pass.methodID, of: pass.userID)
            if deleted {
                logger.info("leftover temporary access pass deleted", metadata: ["case": "\(onboarding.id)", "method": "\(pass.methodID)"])
            }
            return StepResult(.succeeded(detail: deleted ? "deleted the leftover Temporary Access Pass \(pass.methodID)" : "the Temporary Access Pass \(pass.methodID) was already gone"))
        } catch {
            return StepResult(StepFailure.outcome(error, while: "deleting the case's Temporary Access Pass"))
        }
    }
}
