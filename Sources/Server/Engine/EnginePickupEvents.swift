public import Onboarding
public import OnboardingEngine

/// Tells the case engine what happened on the pickup page: an audit record on the case, and its
/// current step (complete) due at once, so a pickup completes the case and a destroyed link
/// escalates without waiting for the step's backoff.
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
        await engine.nudge(ticket.caseID, actor: "pickup-page", event: name, detail: detail)
    }
}
