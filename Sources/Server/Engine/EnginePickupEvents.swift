public import Onboarding
public import OnboardingEngine

/// Tells the case engine what happened on the pickup page: an audit record on the case, and its
/// current step (complete) due at once, so a pickup completes the case and a destroyed link
/// escalates without waiting for the step's backoff.
///
/// The nudge is queued for the engine's workers and the page answers at once. Waiting for a
/// worker that holds the case would delay the hire's secret by up to 3 s and leave that long a
/// window in which a crash loses a secret already taken from the store (a SIGKILL run,
/// scripts/prove kill, lost 2 of 60 reveals that way). A SIGKILL can lose a queued nudge's audit
/// entry; the complete step still finds the pickup at its next attempt.
public struct EnginePickupEvents: PickupEventSink {
    let engine: OnboardingEngine

    public init(engine: OnboardingEngine) {
        self.engine = engine
    }

    public func pickupChanged(_ ticket: PickupTicket, event: PickupEvent) async {
        let (name, detail): (String, String) = switch event {
        case .revealed: ("pickup.revealed", "the hire entered the right code; the secret was shown once and deleted")
        case .wrongCode(let left): ("pickup.wrong-code", "a wrong code was entered on the pickup page; \(left) attempt(s) left")
        case .burned: ("pickup.burned", "too many wrong codes: the pickup link was destroyed and its secret deleted")
        case .expired: ("pickup.expired", "the pickup link was used after it expired")
        case .unreadable: ("pickup.unreadable", "the right code was entered but the sealed secret could not be opened (sealing key changed?): re-send")
        }
        engine.nudge(ticket.caseID, actor: "pickup-page", event: name, detail: detail)
    }
}
