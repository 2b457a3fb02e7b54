import Foundation
import Onboarding
import Store
import Synchronization
import Testing
@testable import OnboardingEngine

/// A runner that records every step it runs and answers from a script.
final class ScriptedRunner: StepRunner {
    let calls = Mutex<[String]>([])
    let answer: @Sendable (StepKind, OnboardingCase) -> StepResult

    init(_ answer: @escaping @Sendable (StepKind, OnboardingCase) -> StepResult = { kind, _ in StepResult(.succeeded(detail: "\(kind.rawValue) done")) }) {
        self.answer = answer
    }

    func run(_ kind: StepKind, for onboarding: OnboardingCase) async -> StepResult {
        calls.withLock { $0.append("\(onboarding.intakeKey)/\(kind.rawValue)") }
        return answer(kind, onboarding)
    }
}

final class Clock: Sendable {
    let time = Mutex(Date(timeIntervalSince1970: 1_800_000_000))
    func advance(_ seconds: TimeInterval) { time.withLock { $0 = $0.addingTimeInterval(seconds) } }
    var now: Date { time.withLock { $0 } }
}

@Suite struct OnboardingEngineTests {
    static func withEngine(runner: ScriptedRunner = ScriptedRunner(), clock: Clock = Clock(), owner: String = "test",
                           _ body: (OnboardingEngine, any CaseStore) async throws -> Void) async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("firstkey-engine-\(UUID().uuidString).sqlite").path
        let store = try await SQLiteCaseStore.open(path: path)
        let engine = OnboardingEngine(store: store, lifecycle: CaseLifecycle(retryPolicy: RetryPolicy(initialDelay: 10, jitter: 0)), runner: runner,
                                      configuration: .init(owner: owner, leaseDuration: 60, batchSize: 8), now: { clock.now })
        do { try await body(engine, store) } catch { await store.close(); throw error }
        await store.close()
    }

    static func request(_ id: String, hireInDays days: Double = 7, at date: Date = Date(timeIntervalSince1970: 1_800_000_000)) -> OnboardingEngine.IntakeRequest {
        .init(identity: HireIdentity(employeeID: id), hireDate: date.addingTimeInterval(days * 86400), deliveryMode: .temporaryPassword,
              recipients: Recipients(mobilePhone: "+15550100"), source: "test")
    }

    @Test func aCaseRunsEveryStepOnceAndEndsWithItsSecretsWiped() async throws {
        let runner = ScriptedRunner()
        try await Self.withEngine(runner: runner) { engine, store in
            let (onboarding, created) = try await engine.intake(Self.request("E1"), actor: "api")
            #expect(created)
            try await store.storeSealedSecret("v1:k:x", kind: "temporary-password", for: onboarding.id, at: Date())
            for _ in 0..<6 { #expect(await engine.runOnce() == 1) }
            #expect(await engine.runOnce() == 0)
            let done = try #require(try await store.fetchCase(onboarding.id))
            #expect(done.state == .cleanedUp)
            #expect(runner.calls.withLock { $0 } == StepKind.allCases.map { "employee:E1/\($0.rawValue)" })
            #expect(try await store.sealedSecret(kind: "temporary-password", for: onboarding.id) == nil)
            let events = try await store.auditTrail(of: onboarding.id).map(\.event)
            #expect(events.first == "case.received")
            #expect(events.filter { $0 == "step.succeeded" }.count == 6)
        }
    }

    @Test func intakeIsIdempotent() async throws {
        try await Self.withEngine { engine, _ in
            let first = try await engine.intake(Self.request("E2"), actor: "api")
            let second = try await engine.intake(Self.request("E2"), actor: "csv")
            #expect(first.created && !second.created)
            #expect(first.onboarding.id == second.onboarding.id)
        }
    }

    /// A compromised feed or token opens cases in bulk: beyond the hourly ceiling they are held,
    /// nothing runs for them (no AD write, no message) until an administrator approves one.
    @Test func aBurstOfIntakesBeyondTheHourlyCeilingIsHeldUntilApproved() async throws {
        let clock = Clock()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("firstkey-engine-\(UUID().uuidString).sqlite").path
        let store = try await SQLiteCaseStore.open(path: path)
        let runner = ScriptedRunner()
        let engine = OnboardingEngine(store: store, lifecycle: CaseLifecycle(), runner: runner,
                                      configuration: .init(owner: "test", batchSize: 100, maximumNewCasesPerHour: 5), now: { clock.now })
        var ids: [CaseID] = []
        for index in 0..<40 { ids.append(try await engine.intake(Self.request("B\(index)", at: clock.now), actor: "api:stolen").onboarding.id) }
        var held: [OnboardingCase] = []
        for id in ids { if let onboarding = try await store.fetchCase(id), onboarding.heldForApproval != nil { held.append(onboarding) } }
        #expect(held.count == 35)
        #expect(held.first?.heldForApproval?.contains("ceiling of 5") == true)
        // Only the first five run; the held ones are never leased.
        while await engine.runOnce() > 0 {}
        let ran = Set(runner.calls.withLock { $0 }.map { $0.split(separator: "/")[0] })
        #expect(ran.count == 5, "\(ran)")
        // Intake stays idempotent for a held case.
        let again = try await engine.intake(Self.request("B39", at: clock.now), actor: "api:stolen")
        #expect(!again.created && again.onboarding.heldForApproval != nil)

        // An administrator approves one: it runs, audited.
        let approved = try await engine.approve(try #require(held.first?.id), actor: "cli:admin")
        #expect(approved.heldForApproval == nil)
        await #expect(throws: LifecycleError.self) { _ = try await engine.approve(approved.id, actor: "cli:admin") }
        while await engine.runOnce() > 0 {}
        #expect(try await store.fetchCase(approved.id)?.state == .cleanedUp)
        #expect(try await store.auditTrail(of: approved.id).map(\.event).prefix(3) == ["case.received", "case.held", "case.approved"])

        // An hour later the window has moved on.
        clock.advance(3601)
        #expect(try await engine.intake(Self.request("Later", at: clock.now), actor: "api").onboarding.heldForApproval == nil)
        await store.close()
    }

    @Test func aRetryWaitsForItsBackoff() async throws {
        let clock = Clock()
        let runner = ScriptedRunner { kind, _ in kind == .correlate ? StepResult(.wait(reason: "not synced yet")) : StepResult(.succeeded(detail: "ok")) }
        try await Self.withEngine(runner: runner, clock: clock) { engine, store in
            let (onboarding, _) = try await engine.intake(Self.request("E3"), actor: "api")
            #expect(await engine.runOnce() == 1)
            #expect(await engine.runOnce() == 0)
            clock.advance(11)
            #expect(await engine.runOnce() == 1)
            #expect(try await store.fetchCase(onboarding.id)?.state == .waiting)
            #expect(try await store.fetchCase(onboarding.id)?.step(.correlate).attempts == 2)
        }
    }

    @Test func identityKeysLearnedByAStepAreKept() async throws {
        let runner = ScriptedRunner { kind, onboarding in
            var identity = onboarding.identity
            if kind == .correlate { identity.objectSid = "S-1-5-21-1-2-3-1105"; identity.samAccountName = "alice" }
            return StepResult(.succeeded(detail: "ok"), identity: identity)
        }
        try await Self.withEngine(runner: runner) { engine, store in
            let (onboarding, _) = try await engine.intake(Self.request("E4"), actor: "api")
            await engine.runOnce()
            let saved = try #require(try await store.fetchCase(onboarding.id))
            #expect(saved.identity.objectSid == "S-1-5-21-1-2-3-1105")
            #expect(saved.identity.samAccountName == "alice")
        }
    }

    @Test func twoEnginesOnOneStoreNeverRunTheSameStepTwice() async throws {
        let runner = ScriptedRunner()
        let clock = Clock()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("firstkey-engines-\(UUID().uuidString).sqlite").path
        let store = try await SQLiteCaseStore.open(path: path)
        let engines = ["a", "b"].map { owner in
            OnboardingEngine(store: store, lifecycle: CaseLifecycle(), runner: runner, configuration: .init(owner: owner, batchSize: 4), now: { clock.now })
        }
        for index in 0..<40 { _ = try await engines[0].intake(Self.request("M\(index)"), actor: "api") }
        await withTaskGroup(of: Void.self) { group in
            for engine in engines {
                group.addTask { for _ in 0..<80 { await engine.runOnce() } }
            }
        }
        let calls = runner.calls.withLock { $0 }
        #expect(calls.count == 40 * 6)
        #expect(Set(calls).count == calls.count)
        #expect(try await store.countCasesByState() == [.cleanedUp: 40])
        await store.close()
    }

    @Test func cancelAndRetryGoThroughTheLifecycle() async throws {
        let runner = ScriptedRunner { kind, _ in kind == .check ? StepResult(.failed(reason: "protected account")) : StepResult(.succeeded(detail: "ok")) }
        try await Self.withEngine(runner: runner) { engine, store in
            let (onboarding, _) = try await engine.intake(Self.request("E5"), actor: "api")
            await engine.runOnce()
            await engine.runOnce()
            #expect(try await store.fetchCase(onboarding.id)?.state == .failed)
            let retried = try await engine.retry(onboarding.id, actor: "admin")
            #expect(retried.state == .correlated)
            let cancelled = try await engine.cancel(onboarding.id, actor: "admin", reason: "duplicate hire record")
            #expect(cancelled.state == .cancelled)
            await #expect(throws: LifecycleError.self) { _ = try await engine.cancel(onboarding.id, actor: "admin", reason: "again") }
        }
    }

    @Test func aStuckCaseIsEscalatedByTheDeadlineCheck() async throws {
        let clock = Clock()
        let runner = ScriptedRunner { _, _ in StepResult(.retry(reason: "DC unreachable")) }
        try await Self.withEngine(runner: runner, clock: clock) { engine, store in
            let (onboarding, _) = try await engine.intake(Self.request("E6", hireInDays: 1.5), actor: "api")
            clock.advance(0.6 * 86400)
            await engine.checkDeadlines()
            let escalated = try #require(try await store.fetchCase(onboarding.id))
            #expect(escalated.state == .escalated)
            #expect(try await store.auditTrail(of: onboarding.id).contains { $0.event == "case.escalated" })
        }
    }
}

/// A reporter that answers from a script and records what it was asked to report.
final class ScriptedReporter: CaseCallbackReporter {
    let reports = Mutex<[String]>([])
    let answers = Mutex<[StepOutcome]>([])

    init(_ answers: [StepOutcome]) { self.answers.withLock { $0 = answers } }

    func report(_ callback: CaseCallback, for onboarding: OnboardingCase) async -> StepOutcome {
        reports.withLock { $0.append("\(callback.taskProcessingResultID):\(callback.outcome?.rawValue ?? "?")") }
        return answers.withLock { $0.isEmpty ? .succeeded(detail: "resumed") : $0.removeFirst() }
    }
}

@Suite struct CaseCallbackEngineTests {
    @Test func theOutcomeIsReportedDurablyWithRetriesAndDuplicateCalloutsAttachNothingNew() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("firstkey-callback-\(UUID().uuidString).sqlite").path
        let store = try await SQLiteCaseStore.open(path: path)
        defer { Task { await store.close() } }
        let clock = Clock()
        let reporter = ScriptedReporter([.retry(reason: "Graph 503")])
        // correlate fails for good: the case ends, and the workflow must hear "Failed"
        let runner = ScriptedRunner { kind, _ in StepResult(kind == .correlate ? .failed(reason: "two AD accounts match") : .succeeded(detail: "ok")) }
        let engine = OnboardingEngine(store: store, lifecycle: CaseLifecycle(retryPolicy: RetryPolicy(initialDelay: 10, jitter: 0)), runner: runner,
                                      callbacks: reporter, configuration: .init(owner: "test", leaseDuration: 60, batchSize: 8), now: { clock.now })
        var request = OnboardingEngineTests.request("E1")
        request.callback = CaseCallback(workflowID: "wf", taskID: "t", taskProcessingResultID: "tpr-1")
        let (onboarding, created) = try await engine.intake(request, actor: "lifecycle-workflow")
        #expect(created)
        // a duplicate callout of the same run: same case, nothing attached
        let (again, createdAgain) = try await engine.intake(request, actor: "lifecycle-workflow")
        #expect(!createdAgain && again.id == onboarding.id)
        #expect(try await store.auditTrail(of: onboarding.id).filter { $0.event == "callback.attached" }.isEmpty)

        #expect(await engine.runOnce() == 1)           // correlate fails → report due
        #expect(await engine.runOnce() == 1)           // first report: 503 → retry in 10 s
        #expect(await engine.runOnce() == 0)
        clock.advance(10)
        #expect(await engine.runOnce() == 1)           // second report succeeds
        clock.advance(3600)
        #expect(await engine.runOnce() == 0)           // nothing left to do
        #expect(reporter.reports.withLock { $0 } == ["tpr-1:Failed", "tpr-1:Failed"])
        let ended = try #require(try await store.fetchCase(onboarding.id))
        #expect(ended.state == .failed && ended.callback?.status == .sent && ended.callback?.attempts == 2)
        let events = try await store.auditTrail(of: onboarding.id).map(\.event)
        #expect(events.suffix(3) == ["callback.due", "callback.retry", "callback.sent"])

        // a new workflow run for the same hire waits for its own report, due at once
        request.callback = CaseCallback(workflowID: "wf", taskID: "t", taskProcessingResultID: "tpr-2")
        let (attached, _) = try await engine.intake(request, actor: "lifecycle-workflow")
        #expect(attached.callback?.taskProcessingResultID == "tpr-2" && attached.callback?.status == .due)
        #expect(await engine.runOnce() == 1)
        #expect(reporter.reports.withLock { $0 }.last == "tpr-2:Failed")
    }

    @Test func withoutAGraphConnectionTheReportIsAbandonedAndEscalated() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("firstkey-callback-\(UUID().uuidString).sqlite").path
        let store = try await SQLiteCaseStore.open(path: path)
        defer { Task { await store.close() } }
        let runner = ScriptedRunner { _, _ in StepResult(.failed(reason: "protected account")) }
        let engine = OnboardingEngine(store: store, lifecycle: CaseLifecycle(), runner: runner)
        var request = OnboardingEngineTests.request("E2")
        request.callback = CaseCallback(workflowID: "wf", taskID: "t", taskProcessingResultID: "tpr")
        let (onboarding, _) = try await engine.intake(request, actor: "test")
        await engine.runOnce()
        await engine.runOnce()
        let ended = try #require(try await store.fetchCase(onboarding.id))
        #expect(ended.callback?.status == .abandoned)
        #expect(ended.callback?.lastError?.contains("no Microsoft Graph connection") == true)
    }
}
