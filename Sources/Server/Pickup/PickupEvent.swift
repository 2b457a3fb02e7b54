public import Onboarding

/// What a submission of the pickup form changed. The case engine records it and acts on it
/// (audit, escalation, a new pickup); the page only reports.
public enum PickupEvent: Hashable, Sendable {
    /// The right code came: the secret was shown once and is gone from the store.
    case revealed
    /// A wrong code was counted; `attemptsLeft` remain.
    case wrongCode(attemptsLeft: Int)
    /// The last attempt failed: the ticket is closed and the case's sealed secrets are deleted.
    /// The service desk must be told.
    case burned
    /// A submission came after the link's lifetime: the ticket is closed as expired.
    case expired
    /// The right code came and the ticket is used up, but its secret could not be opened (it was
    /// damaged, or sealed under a key that is no longer configured): the hire saw nothing and
    /// needs a new pickup.
    case unreadable
}

/// Receives every change a pickup submission made to a ticket.
public protocol PickupEventSink: Sendable {
    /// `ticket` is as stored after the change. Called once per change, after it was saved.
    func pickupChanged(_ ticket: PickupTicket, event: PickupEvent) async
}
