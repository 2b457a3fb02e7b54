public import Foundation
public import Logging
public import Metrics
public import Onboarding
public import Store
import Synchronization

/// What running one step produced: the outcome for the lifecycle, and identity keys learned on
/// the way (the correlate step fills in the AD object's SID and GUID).
public struct StepResult: Sendable {
    public var outcome: StepOutcome
    public var identity: HireIdentity?
    /// Look at the step again by then at the latest (a pickup link's expiry), whatever the backoff says.
    public var lookAgainBy: Date?

    public init(_ outcome: StepOutcome, identity: HireIdentity? = nil) {
        self.outcome = outcome
        self.identity = identity
    }
}

/// Performs the side effect of one step. Implementations must be idempotent: after a crash the
/// same step runs again for the same case.
public protocol StepRunner: Sendable {
    func run(_ kind: StepKind, for onboarding: OnboardingCase) async -> StepResult
}

/// Reports a case's outcome to whoever waits for it (the Lifecycle Workflow `resume` call):
/// `.succeeded` when told, `.retry` for a transient failure, `.failed` when refused for good.
public protocol CaseCallbackReporter: Sendable {
    func report(_ callback: CaseCallback, for onboarding: OnboardingCase) async -> StepOutcome
}

/// Without a Microsoft Graph connection nobody can be told: the report is abandoned and escalated.
struct UnconfiguredCallbackReporter: CaseCallbackReporter {
    func report(_ callback: CaseCallback, for onboarding: OnboardingCase) async -> StepOutcome {
        .failed(reason: "no Microsoft Graph connection is configured, so the Lifecycle Workflow cannot be resumed")
    }
}

/// Tells people when a case needs them (service desk). The default only logs.
public protocol EscalationSink: Sendable {
    func escalate(_ onboarding: OnboardingCase, contact: String, reason: String) async
}

public struct LoggingEscalationSink: EscalationSink {
    let logger: Logger
    public init(logger: Logger) { self.logger = logger }
    public func escalate(_ onboarding: OnboardingCase, contact: String, reason: String) async {
        logger.error("ESCALATION", metadata: ["case": "\(onboarding.id)", "contact": "\(contact)", "reason": "\(reason)"])
    }
}

/// The durable case engine: intake, then workers that lease due cases from the store, run their
/// current step, and save the lifecycle's transition under the lease.
public final class OnboardingEngine: Sendable {
    public struct Configuration: Sendable {
        /// Identifies this instance's leases (host + pid by default).
        public var owner: String
        public var leaseDuration: TimeInterval
        public var batchSize: Int
        public var pollInterval: Duration
        public var deadlineCheckInterval: TimeInterval
        /// New cases beyond this many in the last hour (all sources, all instances) are held
        /// until an administrator approves them; nil: no ceiling.
        public var maximumNewCasesPerHour: Int?

        public init(owner: String = Configuration.defaultOwner, leaseDuration: TimeInterval = 120, batchSize: Int = 16,
                    pollInterval: Duration = .milliseconds(500), deadlineCheckInterval: TimeInterval = 60, maximumNewCasesPerHour: Int? = nil) {
            self.maximumNewCasesPerHour = maximumNewCasesPerHour
            self.owner = owner
            self.leaseDuration = leaseDuration
            self.batchSize = max(1, batchSize)
            self.pollInterval = pollInterval
            self.deadlineCheckInterval = deadlineCheckInterval
        }

        public static var defaultOwner: String { "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)" }
    }

    public let store: any CaseStore
    public let lifecycle: CaseLifecycle
    public let configuration: Configuration
    let runner: any StepRunner
    let escalations: any EscalationSink
    let callbacks: any CaseCallbackReporter
    let logger: Logger
    let metrics: any MetricsFactory
    let now: @Sendable () -> Date
    /// Nudges from outside the engine (the pickup page), applied by the workers.
    let inbox = Mutex<[PendingNudge]>([])

    public init(store: any CaseStore, lifecycle: CaseLifecycle, runner: any StepRunner, escalations: (any EscalationSink)? = nil,
                callbacks: (any CaseCallbackReporter)? = nil,
                configuration: Configuration = Configuration(), logger: Logger = Logger(label: "firstkey.engine"),
                metrics: any MetricsFactory = MetricsSystem.factory, now: @escaping @Sendable () -> Date = { Date() }) {
        self.metrics = metrics
        self.callbacks = callbacks ?? UnconfiguredCallbackReporter()
        self.store = store
        self.lifecycle = lifecycle
        self.runner = runner
        self.escalations = escalations ?? LoggingEscalationSink(logger: logger)
        self.configuration = configuration
        self.logger = logger
        self.now = now
    }

    // MARK: Intake

    public struct IntakeRequest: Sendable {
        public var identity: HireIdentity
        public var hireDate: Date
        public var deliveryMode: DeliveryMode
        public var recipients: Recipients
        public var source: String
        /// Who waits for the outcome (a Lifecycle Workflow task), if anyone.
        public var callback: CaseCallback?

        public init(identity: HireIdentity, hireDate: Date, deliveryMode: DeliveryMode, recipients: Recipients, source: String, callback: CaseCallback? = nil) {
            self.identity = identity
            self.hireDate = hireDate
            self.deliveryMode = deliveryMode
            self.recipients = recipients
            self.source = source
            self.callback = callback
        }
    }

    /// Creates the case, or returns the existing one for the same hire (idempotent intake).
    public func intake(_ request: IntakeRequest, actor: String) async throws -> (onboarding: OnboardingCase, created: Bool) {
        guard let key = request.identity.intakeKey else {
            throw StoreError(.conflict, "the hire has no identifier (Entra object ID, employee ID, UPN or sAMAccountName)")
        }
        let time = now()
        var onboarding = OnboardingCase(intakeKey: key, identity: request.identity, hireDate: request.hireDate, deliveryMode: request.deliveryMode,
                                        recipients: request.recipients, source: request.source, createdAt: time)
        onboarding.callback = request.callback
        var held: String?
        if let ceiling = configuration.maximumNewCasesPerHour {
            let recent = try await store.listCases(CaseFilter(createdFrom: time.addingTimeInterval(-3600), limit: ceiling + 1)).count
            if recent >= ceiling {
                held = "\(recent) new cases in the last hour reached the ceiling of \(ceiling) (guard.maximumNewCasesPerHour)"
                Counter(label: "firstkey_cases_held_total", factory: metrics).increment()
            }
        }
        let started = lifecycle.start(onboarding, at: time, actor: actor, held: held)
        let result = try await store.createCase(started.updated, audit: started.audit)
        logger.info(result.created ? "case created" : "case already exists", metadata: ["case": "\(result.onboarding.id)", "source": "\(request.source)"])
        if result.created, held != nil {
            logger.warning("case held for approval: too many new cases in the last hour", metadata: ["case": "\(result.onboarding.id)", "source": "\(request.source)"])
        }
        // The same hire from a new Lifecycle Workflow run: that run waits for its own report.
        if !result.created, let callback = request.callback, result.onboarding.callback?.taskProcessingResultID != callback.taskProcessingResultID {
            let updated = try await administer(result.onboarding.id) { existing, time in lifecycle.attach(callback, to: existing, at: time, actor: actor) }
            return (updated, false)
        }
        return result
    }

    // MARK: Administration

    public func cancel(_ id: CaseID, actor: String, reason: String) async throws -> OnboardingCase {
        try await administer(id) { onboarding, time in try lifecycle.cancel(onboarding, at: time, actor: actor, reason: reason) }
    }

    public func retry(_ id: CaseID, actor: String) async throws -> OnboardingCase {
        try await administer(id) { onboarding, time in try lifecycle.retry(onboarding, at: time, actor: actor) }
    }

    /// Lets a case held by the new-cases ceiling run (audited).
    public func approve(_ id: CaseID, actor: String) async throws -> OnboardingCase {
        try await administer(id) { onboarding, time in try lifecycle.approve(onboarding, at: time, actor: actor) }
    }

    /// Allows a second first credential for an account another case already gave one (audited).
    public func approveReissue(_ id: CaseID, actor: String, reason: String) async throws -> OnboardingCase {
        try await administer(id) { onboarding, time in try lifecycle.approveReissue(onboarding, at: time, actor: actor, reason: reason) }
    }

    public func resend(_ id: CaseID, actor: String) async throws -> OnboardingCase {
        // A round whose pickup ended had its credential wiped (the page's copy is gone, the link
        // record stays): the re-send prepares a new credential first.
        let linkRecorded = try await store.sealedSecret(kind: DeliverySteps.pickupMaterialKind, for: id) != nil
        let pageCopyGone = try await store.sealedSecret(kind: PickupSecret.secretKind, for: id) == nil
        let roundEnded = linkRecorded && pageCopyGone
        return try await administer(id) { onboarding, time in
            try lifecycle.resend(onboarding, at: time, actor: actor, prepareAgain: roundEnded && onboarding.deliveryMode != .selfService)
        }
    }

    /// A nudge from outside the engine, waiting for the engine's workers.
    struct PendingNudge: Sendable {
        var id: CaseID
        var actor: String
        var event: String
        var detail: String
        var tries = 0
    }

    /// Something outside the engine changed what the case's current step will find (the pickup
    /// page): the engine's workers audit it and make the step due now, at their next round. It
    /// returns at once, so the page answers without waiting for a worker that holds the case;
    /// graceful shutdown applies what is still queued before the leases go.
    public func nudge(_ id: CaseID, actor: String, event: String, detail: String) {
        inbox.withLock { $0.append(PendingNudge(id: id, actor: actor, event: event, detail: detail)) }
    }

    /// Applies the queued nudges. One a worker holds right now waits for a later round (about 30
    /// tries); the step looks again at its next attempt anyway.
    func applyNudges() async {
        let pending = inbox.withLock { queued in
            defer { queued.removeAll() }
            return queued
        }
        for var nudge in pending {
            do {
                _ = try await administer(nudge.id) { onboarding, time in
                    try lifecycle.nudge(onboarding, at: time, actor: nudge.actor, event: nudge.event, detail: nudge.detail)
                }
            } catch let error as StoreError where (error.code == .leaseLost || error.code == .conflict) && nudge.tries < 30 {
                nudge.tries += 1
                inbox.withLock { $0.append(nudge) }
            } catch {
                logger.info("a case was not nudged", metadata: ["case": "\(nudge.id)", "event": "\(nudge.event)", "error": "\(error)"])
            }
        }
    }

    /// Makes the case's current step due now, after its cause was audited with its own record.
    /// When a worker holds the case the step runs anyway; after a few tries it is left to the
    /// step's next attempt.
    func makeDue(_ id: CaseID, actor: String, event: String) async {
        for attempt in 0..<3 {
            do {
                _ = try await administer(id) { onboarding, time in try lifecycle.makeDue(onboarding, at: time) }
                return
            } catch let error as StoreError where error.code == .leaseLost || error.code == .conflict {
                try? await Task.sleep(for: .milliseconds(100 << attempt))
            } catch {
                logger.info("a case was not made due", metadata: ["case": "\(id)", "event": "\(event)", "actor": "\(actor)", "error": "\(error)"])
                return
            }
        }
    }

    func administer(_ id: CaseID, _ change: (OnboardingCase, Date) throws -> CaseTransition) async throws -> OnboardingCase {
        guard let original = try await store.fetchCase(id) else { throw StoreError(.notFound, "no case \(id)") }
        let time = now()
        let transition = try change(original, time)
        try await store.saveAdministrative(transition, replacing: original, now: time)
        await perform(transition.effects, for: transition.updated)
        return transition.updated
    }

    // MARK: Workers

    /// Leases the due cases, runs each one's current step concurrently, saves the results.
    /// Returns how many cases were processed.
    @discardableResult
    public func runOnce() async -> Int {
        await applyNudges()
        let leases: [CaseLease]
        do {
            leases = try await store.leaseDueCases(now: now(), owner: configuration.owner, leaseDuration: configuration.leaseDuration, limit: configuration.batchSize)
        } catch {
            logger.error("leasing due cases failed", metadata: ["error": "\(error)"])
            return 0
        }
        await withTaskGroup(of: Void.self) { group in
            for lease in leases {
                group.addTask { await self.process(lease) }
            }
        }
        return leases.count
    }

    func process(_ lease: CaseLease) async {
        if let callback = lease.onboarding.callback, callback.isDue(at: now()) {
            await report(callback, lease)
            return
        }
        guard let step = lease.onboarding.currentStep, !lease.onboarding.state.isTerminal else { return }
        let started = ContinuousClock.now
        let result = await runner.run(step.kind, for: lease.onboarding)
        let elapsed = ContinuousClock.now - started
        Timer(label: "firstkey_step_duration_seconds", dimensions: [("step", step.kind.rawValue)], factory: metrics)
            .recordNanoseconds(elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000)
        Counter(label: "firstkey_step_outcomes_total", dimensions: [("step", step.kind.rawValue), ("outcome", result.outcome.name)], factory: metrics).increment()
        var onboarding = lease.onboarding
        if let identity = result.identity { onboarding.identity = identity }
        var generator = SystemRandomNumberGenerator()
        do {
            let transition = try lifecycle.record(result.outcome, for: step.kind, of: onboarding, at: now(), lookAgainBy: result.lookAgainBy, using: &generator)
            try await store.save(transition, under: lease)
            logger.info("step finished", metadata: ["case": "\(onboarding.id)", "step": "\(step.kind.rawValue)", "state": "\(transition.updated.state.rawValue)",
                                                    "ms": "\(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)"])
            await perform(transition.effects, for: transition.updated)
        } catch {
            logger.warning("a step result was not saved", metadata: ["case": "\(onboarding.id)", "step": "\(step.kind.rawValue)", "error": "\(error)"])
        }
    }

    /// Reports the case's outcome (Lifecycle Workflow `resume`) under the lease.
    func report(_ callback: CaseCallback, _ lease: CaseLease) async {
        let started = ContinuousClock.now
        let outcome = await callbacks.report(callback, for: lease.onboarding)
        Counter(label: "firstkey_callback_outcomes_total", dimensions: [("outcome", outcome.name)], factory: metrics).increment()
        var generator = SystemRandomNumberGenerator()
        do {
            let transition = try lifecycle.recordCallback(outcome, of: lease.onboarding, at: now(), using: &generator)
            try await store.save(transition, under: lease)
            logger.info("outcome report finished", metadata: ["case": "\(lease.onboarding.id)", "outcome": "\(outcome.name)",
                                                             "status": "\(transition.updated.callback?.status.rawValue ?? "-")",
                                                             "ms": "\((ContinuousClock.now - started).components.seconds * 1000)"])
            await perform(transition.effects, for: transition.updated)
        } catch {
            logger.warning("an outcome report was not saved", metadata: ["case": "\(lease.onboarding.id)", "error": "\(error)"])
        }
    }

    /// Escalates cases whose deadline is at risk though no step ran (e.g. waiting on a long backoff).
    public func checkDeadlines() async {
        do {
            let open = try await store.listCases(CaseFilter(states: Set(CaseState.allCases.filter { !$0.isTerminal && $0 != .escalated }), limit: 10_000))
            for onboarding in open {
                guard let transition = lifecycle.checkDeadline(of: onboarding, at: now()) else { continue }
                do {
                    try await store.saveAdministrative(transition, replacing: onboarding, now: now())
                    await perform(transition.effects, for: transition.updated)
                } catch {
                    logger.info("deadline escalation deferred: the case is being processed", metadata: ["case": "\(onboarding.id)"])
                }
            }
        } catch {
            logger.error("the deadline check failed", metadata: ["error": "\(error)"])
        }
    }

    /// Runs workers until the task is cancelled, then gives up this instance's leases so other
    /// instances can continue at once (graceful shutdown).
    public func run() async {
        var lastDeadlineCheck = Date.distantPast
        while !Task.isCancelled {
            let processed = await runOnce()
            if now().timeIntervalSince(lastDeadlineCheck) >= configuration.deadlineCheckInterval {
                await checkDeadlines()
                lastDeadlineCheck = now()
            }
            if processed == 0 {
                try? await Task.sleep(for: configuration.pollInterval)
            }
        }
        await applyNudges()
        try? await store.releaseLeases(owner: configuration.owner)
        logger.info("engine stopped; leases released", metadata: ["owner": "\(configuration.owner)"])
    }

    private func perform(_ effects: [LifecycleEffect], for onboarding: OnboardingCase) async {
        for effect in effects {
            switch effect {
            case .escalate(let contact, let reason):
                Counter(label: "firstkey_escalations_total", factory: metrics).increment()
                await escalations.escalate(onboarding, contact: contact, reason: reason)
            case .caseEnded(let successful):
                // A case that ended early (failed, cancelled) never ran its clean-up step: run it
                // once now, so that nothing Firstkey created (a TAP) outlives the case.
                if !successful {
                    let result = await runner.run(.cleanUp, for: onboarding)
                    if case .succeeded = result.outcome {} else {
                        logger.warning("clean-up of an ended case did not finish", metadata: ["case": "\(onboarding.id)", "outcome": "\(result.outcome.name)"])
                    }
                }
                // No secret outlives its case.
                do {
                    try await store.deleteSealedSecrets(for: onboarding.id)
                } catch {
                    logger.error("sealed secrets of an ended case could not be deleted", metadata: ["case": "\(onboarding.id)", "error": "\(error)"])
                }
            }
        }
    }
}

extension StepOutcome {
    /// The outcome's kind, for metrics (never its reason: unbounded, and not for dashboards).
    var name: String {
        switch self {
        case .succeeded: "succeeded"
        case .retry: "retry"
        case .wait: "wait"
        case .failed: "failed"
        case .attention: "attention"
        }
    }
}
