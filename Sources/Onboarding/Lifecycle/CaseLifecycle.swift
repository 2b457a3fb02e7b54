public import Foundation

/// What a worker reports after running a step.
public enum StepOutcome: Hashable, Sendable {
    case succeeded(detail: String)
    /// A transient failure (DC unreachable, provider 5xx): try again after backoff.
    case retry(reason: String)
    /// Nothing is wrong yet but the step cannot proceed (AD object not synced): try again later.
    case wait(reason: String)
    /// A permanent failure (user is protected, ambiguous identity): no retry will help.
    case failed(reason: String)
    /// The step cannot go on without a person (the pickup link was destroyed by wrong codes, or
    /// expired unused): the service desk is told once, and the step keeps being looked at with
    /// backoff, so an administrator's re-send or retry carries on from here.
    case attention(reason: String)
}

/// Something the engine must do because of a transition, beyond storing the case.
public enum LifecycleEffect: Hashable, Sendable {
    /// Tell the service desk: the deadline is at risk or the case failed.
    case escalate(contact: String, reason: String)
    /// The case ended: report it to whoever is waiting (e.g. the Lifecycle Workflow resume call).
    case caseEnded(successful: Bool)
}

/// An audit record. Never carries a secret: details are fixed sentences and identifiers.
public struct AuditEvent: Hashable, Sendable, Codable {
    public var at: Date
    public var actor: String
    public var event: String
    public var detail: String

    public init(at: Date, actor: String, event: String, detail: String) {
        self.at = at
        self.actor = actor
        self.event = event
        self.detail = detail
    }
}

/// The result of applying an event to a case: the new case, what to audit, what to do.
public struct CaseTransition: Hashable, Sendable {
    public var updated: OnboardingCase
    public var audit: [AuditEvent]
    public var effects: [LifecycleEffect]
}

/// An event that does not fit the case's state (e.g. a step result for a cancelled case).
public struct LifecycleError: Error, Hashable, Sendable, CustomStringConvertible {
    public let caseID: CaseID
    public let reason: String
    public var description: String { "case \(caseID): \(reason)" }

    public init(caseID: CaseID, reason: String) {
        self.caseID = caseID
        self.reason = reason
    }
}

/// The case lifecycle as a pure state machine: events in, a transition out. No clock, no I/O,
/// no randomness of its own; the engine supplies them, so every path is tested with plain values.
public struct CaseLifecycle: Sendable {
    public var retryPolicy: RetryPolicy
    public var deadlinePolicy: DeadlinePolicy
    /// How long a due outcome report is retried before it is abandoned (and escalated).
    public var callbackGiveUpAfter: TimeInterval

    public init(retryPolicy: RetryPolicy = RetryPolicy(), deadlinePolicy: DeadlinePolicy = DeadlinePolicy(), callbackGiveUpAfter: TimeInterval = 24 * 3600) {
        self.retryPolicy = retryPolicy
        self.deadlinePolicy = deadlinePolicy
        self.callbackGiveUpAfter = callbackGiveUpAfter
    }

    /// The moment the service desk must be told if the credential is not delivered by then.
    public func escalationPoint(for onboarding: OnboardingCase) -> Date {
        onboarding.hireDate.addingTimeInterval(-deadlinePolicy.escalateBeforeHireDate)
    }

    /// A new case: its first step is due at once — or, when `held` gives a reason, only once an
    /// administrator approves it.
    public func start(_ onboarding: OnboardingCase, at now: Date, actor: String, held: String? = nil) -> CaseTransition {
        var updated = onboarding
        updated.updateStep(.correlate) { $0.nextAttemptAt = held == nil ? now : nil }
        updated.heldForApproval = held
        updated.updatedAt = now
        var audit = [AuditEvent(at: now, actor: actor, event: "case.received",
            detail: "delivery \(onboarding.deliveryMode.rawValue), hire date \(Self.day(onboarding.hireDate)), from \(onboarding.source)")]
        if let held {
            audit.append(AuditEvent(at: now, actor: "engine", event: "case.held", detail: "\(held); nothing runs until an administrator approves it (firstkey cases approve)"))
        }
        return CaseTransition(updated: updated, audit: audit, effects: [])
    }

    /// An administrator approves a held case: its first step is due now.
    public func approve(_ onboarding: OnboardingCase, at now: Date, actor: String) throws -> CaseTransition {
        guard onboarding.heldForApproval != nil else { throw LifecycleError(caseID: onboarding.id, reason: "the case is not held for approval") }
        guard !onboarding.state.isTerminal else {
            throw LifecycleError(caseID: onboarding.id, reason: "the case has already ended (\(onboarding.state.rawValue))")
        }
        var updated = onboarding
        updated.heldForApproval = nil
        if let step = updated.currentStep { updated.updateStep(step.kind) { $0.nextAttemptAt = now } }
        updated.updatedAt = now
        return CaseTransition(updated: updated, audit: [AuditEvent(at: now, actor: actor, event: "case.approved", detail: "the held case may run")], effects: [])
    }

    /// A worker's result for the case's current step.
    ///
    /// `lookAgainBy`: when the step knows that what it waits for changes at a given time (a pickup
    /// link expires), it is looked at again by then, whatever the backoff says.
    public func record(_ outcome: StepOutcome, for kind: StepKind, of onboarding: OnboardingCase, at now: Date, lookAgainBy: Date? = nil,
                       using generator: inout some RandomNumberGenerator) throws -> CaseTransition {
        var transition = try record(outcome, for: kind, of: onboarding, at: now, using: &generator)
        if let lookAgainBy, lookAgainBy > now, let next = transition.updated.step(kind).nextAttemptAt, next > lookAgainBy {
            transition.updated.updateStep(kind) { $0.nextAttemptAt = lookAgainBy }
        }
        return transition
    }

    public func record(_ outcome: StepOutcome, for kind: StepKind, of onboarding: OnboardingCase, at now: Date,
                       using generator: inout some RandomNumberGenerator) throws -> CaseTransition {
        guard !onboarding.state.isTerminal else {
            throw LifecycleError(caseID: onboarding.id, reason: "a result for step \(kind.rawValue) arrived after the case ended (\(onboarding.state.rawValue))")
        }
        guard onboarding.currentStep?.kind == kind else {
            throw LifecycleError(caseID: onboarding.id, reason: "step \(kind.rawValue) is not the current step (\(onboarding.currentStep?.kind.rawValue ?? "none"))")
        }
        var updated = onboarding
        updated.updatedAt = now
        var audit: [AuditEvent] = []
        var effects: [LifecycleEffect] = []
        let attempts = onboarding.step(kind).attempts + 1

        switch outcome {
        case .succeeded(let detail):
            updated.updateStep(kind) { step in
                step.status = .succeeded
                step.attempts = attempts
                step.nextAttemptAt = nil
                step.lastError = nil
                step.finishedAt = now
            }
            updated.state = kind.reaches
            if let next = kind.next { updated.updateStep(next) { $0.nextAttemptAt = now } }
            audit.append(AuditEvent(at: now, actor: "engine", event: "step.succeeded", detail: "\(kind.rawValue): \(detail)"))
            if onboarding.escalatedAt != nil && onboarding.state == .escalated {
                audit.append(AuditEvent(at: now, actor: "engine", event: "case.recovered", detail: "progress resumed after escalation"))
            }
            if kind == .cleanUp { effects.append(.caseEnded(successful: true)) }

        case .attention(let reason):
            let nextAttempt = now.addingTimeInterval(retryPolicy.delay(afterAttempt: attempts, using: &generator))
            updated.updateStep(kind) { step in
                step.attempts = attempts
                step.lastError = reason
                step.nextAttemptAt = nextAttempt
            }
            if onboarding.escalatedAt == nil {
                updated.state = .escalated
                updated.escalatedAt = now
                updated.escalationReason = reason
                audit.append(AuditEvent(at: now, actor: "engine", event: "case.escalated", detail: "told \(deadlinePolicy.serviceDeskContact): \(kind.rawValue): \(reason)"))
                effects.append(.escalate(contact: deadlinePolicy.serviceDeskContact, reason: "\(kind.rawValue): \(reason)"))
            } else {
                audit.append(AuditEvent(at: now, actor: "engine", event: "step.attention", detail: "\(kind.rawValue) attempt \(attempts): \(reason)"))
            }

        case .retry(let reason), .wait(let reason):
            let delay = retryPolicy.delay(afterAttempt: attempts, using: &generator)
            let nextAttempt = now.addingTimeInterval(delay)
            updated.updateStep(kind) { step in
                step.attempts = attempts
                step.lastError = reason
                step.nextAttemptAt = nextAttempt
            }
            let waiting: Bool = if case .wait = outcome { true } else { false }
            if updated.state != .escalated { updated.state = waiting ? .waiting : updated.stateBeforeWaiting }
            audit.append(AuditEvent(at: now, actor: "engine", event: waiting ? "step.waiting" : "step.retry",
                                    detail: "\(kind.rawValue) attempt \(attempts): \(reason); next try in \(Int(delay.rounded())) s"))
            if let escalation = escalationIfAtRisk(updated, nextAttempt: nextAttempt, now: now, reason: reason) {
                updated.state = .escalated
                updated.escalatedAt = now
                updated.escalationReason = escalation.reason
                audit.append(escalation.audit)
                effects.append(.escalate(contact: deadlinePolicy.serviceDeskContact, reason: escalation.reason))
            }

        case .failed(let reason):
            updated.updateStep(kind) { step in
                step.status = .failed
                step.attempts = attempts
                step.lastError = reason
                step.nextAttemptAt = nil
                step.finishedAt = now
            }
            updated.state = .failed
            updated.failureReason = "\(kind.rawValue): \(reason)"
            audit.append(AuditEvent(at: now, actor: "engine", event: "case.failed", detail: "\(kind.rawValue): \(reason)"))
            effects.append(.escalate(contact: deadlinePolicy.serviceDeskContact, reason: "the case failed at \(kind.rawValue): \(reason)"))
            effects.append(.caseEnded(successful: false))
        }
        return schedulingCallback(CaseTransition(updated: updated, audit: audit, effects: effects), at: now)
    }

    /// Periodic check for cases whose next attempt lies beyond the escalation point.
    public func checkDeadline(of onboarding: OnboardingCase, at now: Date) -> CaseTransition? {
        guard !onboarding.state.isTerminal, onboarding.escalatedAt == nil, let step = onboarding.currentStep,
              !onboarding.stateBeforeWaiting.deliveredOrLater else { return nil }
        let nextAttempt = step.nextAttemptAt ?? now
        guard let escalation = escalationIfAtRisk(onboarding, nextAttempt: nextAttempt, now: now, reason: step.lastError ?? "no progress yet") else { return nil }
        var updated = onboarding
        updated.state = .escalated
        updated.escalatedAt = now
        updated.escalationReason = escalation.reason
        updated.updatedAt = now
        return schedulingCallback(CaseTransition(updated: updated, audit: [escalation.audit], effects: [.escalate(contact: deadlinePolicy.serviceDeskContact, reason: escalation.reason)]), at: now)
    }

    /// An administrator cancels the case. Secrets are wiped by the engine on `.caseEnded`.
    public func cancel(_ onboarding: OnboardingCase, at now: Date, actor: String, reason: String) throws -> CaseTransition {
        guard !onboarding.state.isTerminal else {
            throw LifecycleError(caseID: onboarding.id, reason: "the case has already ended (\(onboarding.state.rawValue))")
        }
        var updated = onboarding
        updated.state = .cancelled
        updated.failureReason = "cancelled: \(reason)"
        updated.updatedAt = now
        for index in updated.steps.indices where updated.steps[index].status == .pending { updated.steps[index].nextAttemptAt = nil }
        return schedulingCallback(CaseTransition(updated: updated, audit: [AuditEvent(at: now, actor: actor, event: "case.cancelled", detail: reason)],
                                                 effects: [.caseEnded(successful: false)]), at: now)
    }

    /// An administrator retries a failed or escalated case: the current step is due again now,
    /// with its attempt count reset.
    public func retry(_ onboarding: OnboardingCase, at now: Date, actor: String) throws -> CaseTransition {
        guard onboarding.state == .failed || onboarding.state == .escalated || onboarding.state == .waiting else {
            throw LifecycleError(caseID: onboarding.id, reason: "only failed, escalated or waiting cases can be retried (this one is \(onboarding.state.rawValue))")
        }
        guard let step = onboarding.steps.first(where: { $0.status != .succeeded }) else {
            throw LifecycleError(caseID: onboarding.id, reason: "no step is left to retry")
        }
        var updated = onboarding
        updated.updateStep(step.kind) { step in
            step.status = .pending
            step.attempts = 0
            step.nextAttemptAt = now
            step.finishedAt = nil
        }
        updated.failureReason = nil
        updated.escalatedAt = nil
        updated.escalationReason = nil
        updated.state = updated.stateBeforeWaiting
        updated.updatedAt = now
        return CaseTransition(updated: updated, audit: [AuditEvent(at: now, actor: actor, event: "case.retried", detail: "\(step.kind.rawValue) is due again")], effects: [])
    }

    /// An administrator asks for the credential (or the portal link) to be sent again, e.g. the
    /// hire lost the SMS: the deliver step is due now under a new delivery round, and the case
    /// waits for delivery again.
    ///
    /// `prepareAgain`: the last round's credential was wiped when its pickup ended (expired,
    /// destroyed), so prepare-credential runs again first and makes a new one.
    public func resend(_ onboarding: OnboardingCase, at now: Date, actor: String, prepareAgain: Bool = false) throws -> CaseTransition {
        guard !onboarding.state.isTerminal else {
            throw LifecycleError(caseID: onboarding.id, reason: "the case has already ended (\(onboarding.state.rawValue)): there is nothing to send")
        }
        guard onboarding.step(.prepareCredential).status == .succeeded else {
            throw LifecycleError(caseID: onboarding.id, reason: "nothing has been prepared to send yet; it is sent as soon as it is ready")
        }
        guard onboarding.step(.complete).status != .succeeded else {
            throw LifecycleError(caseID: onboarding.id, reason: "the hire has already signed in; a credential is not sent again")
        }
        var updated = onboarding
        updated.resends = onboarding.resendCount + 1
        if prepareAgain {
            updated.updateStep(.prepareCredential) { step in
                step.status = .pending
                step.attempts = 0
                step.nextAttemptAt = now
                step.lastError = nil
                step.finishedAt = nil
            }
        }
        updated.updateStep(.deliver) { step in
            step.status = .pending
            step.attempts = 0
            step.nextAttemptAt = prepareAgain ? nil : now
            step.lastError = nil
            step.finishedAt = nil
        }
        updated.updateStep(.complete) { step in
            step.attempts = 0
            step.nextAttemptAt = nil
            step.lastError = nil
        }
        updated.state = prepareAgain ? .checked : .credentialPrepared
        updated.escalatedAt = nil
        updated.escalationReason = nil
        updated.updatedAt = now
        let what = onboarding.deliveryMode == .selfService ? "portal link" : "credential"
        let detail = prepareAgain ? "prepare a new \(what) (the last one was wiped when its pickup ended) and send it (re-send #\(updated.resendCount))"
                                  : "send the \(what) again (re-send #\(updated.resendCount))"
        return CaseTransition(updated: updated, audit: [AuditEvent(at: now, actor: actor, event: "case.resend", detail: detail)], effects: [])
    }

    /// Something outside the engine changed what the current step will find (the hire used the
    /// pickup page, a provider reported a message): the step is due now, and the audit trail says why.
    public func nudge(_ onboarding: OnboardingCase, at now: Date, actor: String, event: String, detail: String) throws -> CaseTransition {
        guard !onboarding.state.isTerminal else {
            throw LifecycleError(caseID: onboarding.id, reason: "the case has already ended (\(onboarding.state.rawValue))")
        }
        var updated = onboarding
        if let step = onboarding.currentStep { updated.updateStep(step.kind) { $0.nextAttemptAt = now } }
        updated.updatedAt = now
        return CaseTransition(updated: updated, audit: [AuditEvent(at: now, actor: actor, event: event, detail: detail)], effects: [])
    }

    /// An administrator allows this case a first credential although another case already gave the
    /// same account one (e.g. the hire lost everything before day one). Only before this case has
    /// prepared a credential; the check step runs again at once, with every other guard.
    public func approveReissue(_ onboarding: OnboardingCase, at now: Date, actor: String, reason: String) throws -> CaseTransition {
        guard !onboarding.state.isTerminal else {
            throw LifecycleError(caseID: onboarding.id, reason: "the case has already ended (\(onboarding.state.rawValue))")
        }
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw LifecycleError(caseID: onboarding.id, reason: "a reissue needs a reason for the audit trail") }
        guard onboarding.step(.prepareCredential).status != .succeeded else {
            throw LifecycleError(caseID: onboarding.id, reason: "this case has already prepared its credential")
        }
        var updated = onboarding
        updated.reissue = OnboardingCase.Reissue(actor: actor, reason: reason, at: now)
        if updated.step(.check).status != .succeeded {
            updated.updateStep(.check) { step in
                step.status = .pending
                step.attempts = 0
                step.nextAttemptAt = now
                step.finishedAt = nil
            }
        } else if let step = updated.currentStep {
            updated.updateStep(step.kind) { $0.nextAttemptAt = now }
        }
        updated.failureReason = nil
        updated.escalatedAt = nil
        updated.escalationReason = nil
        updated.state = updated.stateBeforeWaiting
        updated.updatedAt = now
        return CaseTransition(updated: updated, audit: [AuditEvent(at: now, actor: actor, event: "case.reissue-approved",
            detail: "a second first credential for this account is allowed: \(reason)")], effects: [])
    }

    /// The current step is due now, with nothing to audit: what caused it was audited with its
    /// own record (a provider's delivery report is saved together with its audit entry).
    public func makeDue(_ onboarding: OnboardingCase, at now: Date) throws -> CaseTransition {
        guard !onboarding.state.isTerminal else {
            throw LifecycleError(caseID: onboarding.id, reason: "the case has already ended (\(onboarding.state.rawValue))")
        }
        var updated = onboarding
        if let step = onboarding.currentStep { updated.updateStep(step.kind) { $0.nextAttemptAt = now } }
        updated.updatedAt = now
        return CaseTransition(updated: updated, audit: [], effects: [])
    }

    // MARK: Reporting the outcome

    /// The outcome a waiting report gives for the case as it stands, if it has one yet. Success
    /// is reported once the credential (or portal link) is delivered, not when the case ends on
    /// day one: a Lifecycle Workflow task waits at most three hours for its `resume` call.
    public static func reportableOutcome(of onboarding: OnboardingCase) -> CaseCallback.Outcome? {
        switch onboarding.state {
        case .delivered, .completed, .cleanedUp: .completed
        case .failed, .cancelled, .escalated: .failed
        case .received, .correlated, .checked, .credentialPrepared, .waiting: nil
        }
    }

    /// A new party waits for the case's outcome (the same hire from a new Lifecycle Workflow run).
    /// If the case already has an outcome, the report is due at once.
    public func attach(_ callback: CaseCallback, to onboarding: OnboardingCase, at now: Date, actor: String) -> CaseTransition {
        var updated = onboarding
        var waiting = callback
        waiting.status = .waiting
        updated.callback = waiting
        updated.updatedAt = now
        let attached = CaseTransition(updated: updated, audit: [AuditEvent(at: now, actor: actor, event: "callback.attached",
            detail: "Lifecycle Workflow \(callback.workflowID) task result \(callback.taskProcessingResultID) waits for the outcome")], effects: [])
        return schedulingCallback(attached, at: now)
    }

    /// Makes the report due when this transition gave the case an outcome.
    func schedulingCallback(_ transition: CaseTransition, at now: Date) -> CaseTransition {
        guard var callback = transition.updated.callback, callback.status == .waiting,
              let outcome = Self.reportableOutcome(of: transition.updated) else { return transition }
        callback.status = .due
        callback.outcome = outcome
        callback.dueSince = now
        callback.nextAttemptAt = now
        var scheduled = transition
        scheduled.updated.callback = callback
        scheduled.audit.append(AuditEvent(at: now, actor: "engine", event: "callback.due", detail: "the Lifecycle Workflow is to be told: \(outcome.rawValue)"))
        return scheduled
    }

    /// The result of reporting the outcome: sent, to be retried with backoff, or abandoned
    /// (refused, or still failing after `callbackGiveUpAfter`) — which escalates.
    public func recordCallback(_ outcome: StepOutcome, of onboarding: OnboardingCase, at now: Date,
                               using generator: inout some RandomNumberGenerator) throws -> CaseTransition {
        guard var callback = onboarding.callback, callback.status == .due else {
            throw LifecycleError(caseID: onboarding.id, reason: "no outcome report is due")
        }
        var audit: [AuditEvent] = []
        var effects: [LifecycleEffect] = []
        callback.attempts += 1
        func abandon(_ reason: String) {
            callback.status = .abandoned
            callback.nextAttemptAt = nil
            callback.lastError = reason
            let text = "the Lifecycle Workflow could not be told the outcome (\(callback.outcome?.rawValue ?? "?")): \(reason)"
            audit.append(AuditEvent(at: now, actor: "engine", event: "callback.abandoned", detail: text))
            effects.append(.escalate(contact: deadlinePolicy.serviceDeskContact, reason: text))
        }
        switch outcome {
        case .succeeded(let detail):
            callback.status = .sent
            callback.nextAttemptAt = nil
            callback.lastError = nil
            audit.append(AuditEvent(at: now, actor: "engine", event: "callback.sent", detail: detail))
        case .retry(let reason), .wait(let reason):
            if now.timeIntervalSince(callback.dueSince ?? now) >= callbackGiveUpAfter {
                abandon("\(reason); gave up after \(callback.attempts) attempts")
            } else {
                let delay = retryPolicy.delay(afterAttempt: callback.attempts, using: &generator)
                callback.nextAttemptAt = now.addingTimeInterval(delay)
                callback.lastError = reason
                audit.append(AuditEvent(at: now, actor: "engine", event: "callback.retry",
                                        detail: "attempt \(callback.attempts): \(reason); next try in \(Int(delay.rounded())) s"))
            }
        case .failed(let reason), .attention(let reason):
            abandon(reason)
        }
        var updated = onboarding
        updated.callback = callback
        updated.updatedAt = now
        return CaseTransition(updated: updated, audit: audit, effects: effects)
    }

    private func escalationIfAtRisk(_ onboarding: OnboardingCase, nextAttempt: Date, now: Date, reason: String) -> (reason: String, audit: AuditEvent)? {
        guard onboarding.escalatedAt == nil, let step = onboarding.currentStep, !onboarding.stateBeforeWaiting.deliveredOrLater else { return nil }
        let point = escalationPoint(for: onboarding)
        guard nextAttempt >= point || now >= point else { return nil }
        let text = "the credential may not be delivered before the hire date \(Self.day(onboarding.hireDate)): \(step.kind.rawValue) is not done (\(reason))"
        return (text, AuditEvent(at: now, actor: "engine", event: "case.escalated", detail: "told \(deadlinePolicy.serviceDeskContact): \(text)"))
    }

    static func day(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        return formatter.string(from: date)
    }
}

extension CaseState {
    /// Steps up to `deliver` decide whether the hire has a credential in time; after that the
    /// hire is in control, so the deadline no longer escalates.
    var deliveredOrLater: Bool { self == .delivered || self == .completed || self == .cleanedUp }
}

extension OnboardingCase {
    /// The lifecycle state the succeeded steps reached (what `waiting` returns to).
    var stateBeforeWaiting: CaseState {
        steps.last(where: { $0.status == .succeeded })?.kind.reaches ?? .received
    }
}

// MARK: The first-password portal

extension CaseLifecycle {
    /// How long a portal request may hold the case while it writes the password; a request
    /// that died (crash, lost connection to the store) lets the hire try again after this.
    public static let passwordClaimLifetime: TimeInterval = 120

    /// Why the hire may not set a password on this case now, in words for them; nil if they may.
    public static func portalRefusal(_ onboarding: OnboardingCase, at now: Date) -> String? {
        if let chosen = onboarding.passwordChosenAt {
            return "your password was already set on \(Self.day(chosen)); to change it, press Ctrl+Alt+Del on a company PC or use the password change page"
        }
        switch onboarding.state {
        case .cancelled: return "your onboarding was cancelled by an administrator"
        case .failed: return "your onboarding could not be finished automatically; the service desk has been told"
        case .cleanedUp, .completed: return "your onboarding is already complete"
        default: break
        }
        switch onboarding.deliveryMode {
        case .temporaryPassword:
            return "your account receives a temporary password through a pickup link instead; use the link and code you were sent"
        case .selfService, .tap: break
        }
        guard onboarding.step(.correlate).status == .succeeded, onboarding.step(.check).status == .succeeded else {
            return "your account is still being prepared; try again in a few minutes"
        }
        if let claimed = onboarding.passwordClaimedAt, now < claimed.addingTimeInterval(passwordClaimLifetime) {
            return "your password is being set right now (in another window?); wait a minute, then reload this page"
        }
        return nil
    }

    /// A portal request is about to write the hire's password: hold the case for it. Saved
    /// version-checked, so of two racing requests only one gets to write.
    public func claimPassword(_ onboarding: OnboardingCase, at now: Date, actor: String) throws -> CaseTransition {
        if let refusal = Self.portalRefusal(onboarding, at: now) { throw LifecycleError(caseID: onboarding.id, reason: refusal) }
        var updated = onboarding
        updated.passwordClaimedAt = now
        updated.updatedAt = now
        return CaseTransition(updated: updated, audit: [AuditEvent(at: now, actor: actor, event: "password.claimed",
            detail: "the hire signed in to the portal and submitted a password; writing it to AD")], effects: [])
    }

    /// The portal's write did not happen (AD refused the password, the DC was away): the hire may
    /// try again at once; the reason is in the audit trail.
    public func releasePassword(_ onboarding: OnboardingCase, at now: Date, actor: String, reason: String) -> CaseTransition {
        var updated = onboarding
        updated.passwordClaimedAt = nil
        updated.updatedAt = now
        return CaseTransition(updated: updated, audit: [AuditEvent(at: now, actor: actor, event: "password.refused", detail: reason)], effects: [])
    }

    /// The hire set their own password in the portal: whatever delivery was still to come is not
    /// needed any more, the case is complete, and clean-up (delete a leftover TAP, report the
    /// outcome) is due now.
    public func passwordChosen(_ onboarding: OnboardingCase, at now: Date, actor: String, detail: String) throws -> CaseTransition {
        guard !onboarding.state.isTerminal, onboarding.passwordChosenAt == nil else {
            throw LifecycleError(caseID: onboarding.id, reason: "the case has already ended or its password was already set")
        }
        var updated = onboarding
        updated.passwordChosenAt = now
        updated.passwordClaimedAt = nil
        for kind in [StepKind.prepareCredential, .deliver, .complete] where updated.step(kind).status != .succeeded {
            updated.updateStep(kind) { step in
                step.status = .succeeded
                step.nextAttemptAt = nil
                step.lastError = nil
                step.finishedAt = now
            }
        }
        updated.updateStep(.cleanUp) { $0.nextAttemptAt = now }
        updated.state = .completed
        updated.updatedAt = now
        var audit = [AuditEvent(at: now, actor: actor, event: "password.chosen", detail: detail)]
        if onboarding.state == .escalated {
            audit.append(AuditEvent(at: now, actor: "engine", event: "case.recovered", detail: "the hire set their password after the escalation"))
        }
        return schedulingCallback(CaseTransition(updated: updated, audit: audit, effects: []), at: now)
    }
}
