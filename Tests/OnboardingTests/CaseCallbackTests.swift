import Foundation
import Testing
import TestSupport
@testable import Onboarding

/// The Lifecycle Workflow's `resume` report as part of the case's state machine.
@Suite struct CaseCallbackTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)
    let lifecycle = CaseLifecycle(retryPolicy: RetryPolicy(initialDelay: 10, multiplier: 2, maximumDelay: 3600, jitter: 0),
                                  deadlinePolicy: DeadlinePolicy(escalateBeforeHireDate: 24 * 3600, serviceDeskContact: "desk@example.test"),
                                  callbackGiveUpAfter: 3600)

    func newCase(callback: Bool = true) -> OnboardingCase {
        var onboarding = OnboardingCase(intakeKey: "entra:u1", identity: HireIdentity(entraObjectID: "u1"), hireDate: start.addingTimeInterval(7 * 86400),
                                        deliveryMode: .selfService, recipients: Recipients(mobilePhone: "+15550100"), source: "lifecycle-workflow", createdAt: start)
        if callback { onboarding.callback = CaseCallback(workflowID: "wf", taskID: "task", taskProcessingResultID: "tpr") }
        return lifecycle.start(onboarding, at: start, actor: "lifecycle-workflow").updated
    }

    func run(_ kinds: [StepKind], on onboarding: OnboardingCase) throws -> OnboardingCase {
        var generator = SplitMix64(seed: 1)
        var current = onboarding
        for kind in kinds { current = try lifecycle.record(.succeeded(detail: "ok"), for: kind, of: current, at: start, using: &generator).updated }
        return current
    }

    @Test func deliveryMakesACompletedReportDue() throws {
        let prepared = try run([.correlate, .check, .prepareCredential], on: newCase())
        #expect(prepared.callback?.status == .waiting)
        #expect(prepared.nextDueAt == start)  // the deliver step
        var generator = SplitMix64(seed: 2)
        let delivered = try lifecycle.record(.succeeded(detail: "sent"), for: .deliver, of: prepared, at: start, using: &generator)
        #expect(delivered.updated.callback?.status == .due)
        #expect(delivered.updated.callback?.outcome == .completed)
        #expect(delivered.updated.callback?.isDue(at: start) == true)
        #expect(delivered.audit.map(\.event).contains("callback.due"))
    }

    @Test func failureAndCancellationReportFailedEvenAfterTheCaseEnded() throws {
        var generator = SplitMix64(seed: 3)
        let failed = try lifecycle.record(.failed(reason: "ambiguous"), for: .correlate, of: newCase(), at: start, using: &generator).updated
        #expect(failed.state.isTerminal)
        #expect(failed.callback?.outcome == .failed && failed.callback?.status == .due)
        #expect(failed.nextDueAt == start)  // the report keeps an ended case due
        let cancelled = try lifecycle.cancel(newCase(), at: start, actor: "admin", reason: "withdrawn").updated
        #expect(cancelled.callback?.outcome == .failed)
        #expect(try lifecycle.cancel(newCase(callback: false), at: start, actor: "admin", reason: "x").updated.nextDueAt == nil)
    }

    @Test func transientFailuresBackOffThenTheReportIsAbandonedAndEscalated() throws {
        var generator = SplitMix64(seed: 4)
        var onboarding = try lifecycle.record(.failed(reason: "protected"), for: .correlate, of: newCase(), at: start, using: &generator).updated
        var now = start
        var delays: [TimeInterval] = []
        for _ in 0..<3 {
            let transition = try lifecycle.recordCallback(.retry(reason: "Graph 503"), of: onboarding, at: now, using: &generator)
            onboarding = transition.updated
            let next = try #require(onboarding.callback?.nextAttemptAt)
            delays.append(next.timeIntervalSince(now))
            #expect(transition.effects.isEmpty && onboarding.callback?.status == .due)
            now = next
        }
        #expect(delays == [10, 20, 40])
        #expect(onboarding.callback?.isDue(at: now.addingTimeInterval(-1)) == false)
        let abandoned = try lifecycle.recordCallback(.retry(reason: "Graph 503"), of: onboarding, at: start.addingTimeInterval(3601), using: &generator)
        #expect(abandoned.updated.callback?.status == .abandoned)
        #expect(abandoned.updated.nextDueAt == nil)
        #expect(abandoned.audit.map(\.event) == ["callback.abandoned"])
        guard case .escalate(let contact, let reason)? = abandoned.effects.first else { Issue.record("no escalation"); return }
        #expect(contact == "desk@example.test" && reason.contains("Failed"))
        #expect(throws: LifecycleError.self) { try lifecycle.recordCallback(.succeeded(detail: "late"), of: abandoned.updated, at: start, using: &generator) }
    }

    @Test func aSentReportIsDoneAndARefusalIsAbandonedAtOnce() throws {
        var generator = SplitMix64(seed: 5)
        let failed = try lifecycle.record(.failed(reason: "x"), for: .correlate, of: newCase(), at: start, using: &generator).updated
        let sent = try lifecycle.recordCallback(.succeeded(detail: "resumed: Failed"), of: failed, at: start, using: &generator)
        #expect(sent.updated.callback?.status == .sent && sent.updated.nextDueAt == nil && sent.effects.isEmpty)
        let refused = try lifecycle.recordCallback(.failed(reason: "Graph 403 Authorization_RequestDenied"), of: failed, at: start, using: &generator)
        #expect(refused.updated.callback?.status == .abandoned && refused.effects.count == 1)
    }

    @Test func aNewWorkflowRunAttachedToADeliveredCaseIsDueAtOnce() throws {
        var generator = SplitMix64(seed: 6)
        let delivered = try lifecycle.record(.succeeded(detail: "sent"), for: .deliver,
                                             of: try run([.correlate, .check, .prepareCredential], on: newCase(callback: false)), at: start, using: &generator).updated
        let attached = lifecycle.attach(CaseCallback(workflowID: "wf", taskID: "task", taskProcessingResultID: "tpr-2"), to: delivered, at: start, actor: "lifecycle-workflow")
        #expect(attached.updated.callback?.taskProcessingResultID == "tpr-2")
        #expect(attached.updated.callback?.status == .due && attached.updated.callback?.outcome == .completed)
        #expect(attached.audit.map(\.event) == ["callback.attached", "callback.due"])
        let waiting = lifecycle.attach(CaseCallback(workflowID: "wf", taskID: "task", taskProcessingResultID: "tpr-3"), to: newCase(callback: false), at: start, actor: "x")
        #expect(waiting.updated.callback?.status == .waiting)
    }
}
