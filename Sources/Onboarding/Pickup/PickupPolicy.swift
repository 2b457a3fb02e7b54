public import Foundation

/// What a submission of the pickup form does. Link scanners (Safe Links and others) fetch the
/// link and may submit its form at once with empty or guessed values; people read a code from
/// their phone and type it. So: a GET never changes anything; an empty code, or a form sent back
/// faster than a person could have typed the code, is answered without counting an attempt; a
/// wrong code counts, and the last allowed wrong code destroys the secret.
public struct PickupPolicy: Hashable, Sendable {
    public var maximumAttempts: Int
    public var lifetime: TimeInterval
    /// A form submitted sooner than this after it was served was not typed by a person.
    public var minimumTypingTime: TimeInterval
    /// A form older than this is stale (the page sat open for hours): reload it.
    public var maximumFormAge: TimeInterval

    public init(maximumAttempts: Int = 5, lifetime: TimeInterval = 72 * 3600, minimumTypingTime: TimeInterval = 2, maximumFormAge: TimeInterval = 3600) {
        self.maximumAttempts = max(1, maximumAttempts)
        self.lifetime = lifetime
        self.minimumTypingTime = minimumTypingTime
        self.maximumFormAge = maximumFormAge
    }

    public enum Submission: Hashable, Sendable {
        case emptyCode
        case wrongCode
        case rightCode
    }

    public enum Decision: Hashable, Sendable {
        /// Show the secret once, then destroy it.
        case reveal
        /// Nothing changes; say why (the reason is shown to the person).
        case ignore(reason: String)
        /// One attempt fewer; `attemptsLeft` remain.
        case refuse(attemptsLeft: Int)
        /// The last attempt failed: destroy the secret and escalate the case.
        case burn
        /// The ticket cannot be used any more (already revealed, burned or expired).
        case closed(PickupTicket.State)
    }

    /// The decision for a submission; `ticket` is as stored, `formServedAt` comes from the
    /// signed form (never from the client's clock).
    public func decide(_ submission: Submission, ticket: PickupTicket, formServedAt: Date, now: Date) -> Decision {
        guard ticket.state == .open else { return .closed(ticket.state) }
        if now >= ticket.expiresAt { return .closed(.expired) }
        let age = now.timeIntervalSince(formServedAt)
        if age < minimumTypingTime { return .ignore(reason: "That was quicker than anyone can type the code. Please enter the code from your other message.") }
        if age > maximumFormAge { return .ignore(reason: "This page was open too long. Please reload it and enter the code again.") }
        switch submission {
        case .emptyCode:
            return .ignore(reason: "Please enter the code from your other message.")
        case .rightCode:
            return .reveal
        case .wrongCode:
            let left = ticket.attemptsLeft - 1
            return left <= 0 ? .burn : .refuse(attemptsLeft: left)
        }
    }

    /// The ticket after a decision (what the store writes, conditional on the ticket still
    /// being open with the same attempts left).
    public func apply(_ decision: Decision, to ticket: PickupTicket, now: Date) -> PickupTicket {
        var updated = ticket
        switch decision {
        case .reveal: updated.state = .revealed
        case .refuse(let left): updated.attemptsLeft = left
        case .burn:
            updated.attemptsLeft = 0
            updated.state = .burned
        case .closed(let state) where state == .expired && ticket.state == .open: updated.state = .expired
        case .ignore, .closed: break
        }
        return updated
    }
}
