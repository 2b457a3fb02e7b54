import Foundation
import Testing
import TestSupport
@testable import Onboarding

@Suite struct CaseLifecycleTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)
    var lifecycle = CaseLifecycle(retryPolicy: RetryPolicy(initialDelay: 10, multiplier: 2, maximumDelay: 3600, jitter: 0),
                                  deadlinePolicy: DeadlinePolicy(escalateBeforeHireDate: 24 * 3600, serviceDeskContact: "desk@example.test"))

    func newCase(hireInDays days: Double = 7, mode: DeliveryMode = .temporaryPassword) -> OnboardingCase {
        OnboardingCase(intakeKey: "employee:E1", identity: HireIdentity(employeeID: "E1"), hireDate: start.addingTimeInterval(days * 86400),
                       deliveryMode: mode, recipients: Recipients(mobilePhone: "+15550100"), source: "api", createdAt: start)
    }

    @Test func aCaseWalksEveryStepToCleanedUp() throws {
        var generator = SplitMix64(seed: 1)
        var onboarding = lifecycle.start(newCase(), at: start, actor: "api").updated
        #expect(onboarding.step(.correlate).nextAttemptAt == start)
        var states: [CaseState] = []
        var ended: [LifecycleEffect] = []
        for kind in StepKind.allCases {
            let transition = try lifecycle.record(.succeeded(detail: "ok"), for: kind, of: onboarding, at: start, using: &generator)
            onboarding = transition.updated
            states.append(onboarding.state)
            ended += transition.effects
            if let next = kind.next { #expect(onboarding.step(next).nextAttemptAt == start) }
        }
        #expect(states == [.correlated, .checked, .credentialPrepared, .delivered, .completed, .cleanedUp])
        #expect(ended == [.caseEnded(successful: true)])
        #expect(onboarding.state.isTerminal)
        #expect(onboarding.currentStep == nil)
    }

    @Test func aStepThatNeedsAPersonEscalatesOnceAndKeepsLooking() throws {
        var generator = SplitMix64(seed: 3)
        var onboarding = lifecycle.start(newCase(), at: start, actor: "api").updated
        for kind in [StepKind.correlate, .check, .prepareCredential, .deliver] {
            onboarding = try lifecycle.record(.succeeded(detail: "ok"), for: kind, of: onboarding, at: start, using: &generator).updated
        }
        let first = try lifecycle.record(.attention(reason: "the pickup link was destroyed"), for: .complete, of: onboarding, at: start, using: &generator)
        #expect(first.updated.state == .escalated)
        #expect(first.updated.escalationReason == "the pickup link was destroyed")
        #expect(first.effects == [.escalate(contact: "desk@example.test", reason: "complete: the pickup link was destroyed")])
        #expect(first.updated.step(.complete).nextAttemptAt == start.addingTimeInterval(10))
        #expect(first.updated.step(.complete).status == .pending)
        let second = try lifecycle.record(.attention(reason: "the pickup link was destroyed"), for: .complete, of: first.updated,
                                          at: start.addingTimeInterval(10), using: &generator)
        #expect(second.effects.isEmpty)
        #expect(second.audit.map(\.event) == ["step.attention"])
        #expect(second.updated.state == .escalated)
        // a re-send carries on from here: the case is not over
        let resent = try lifecycle.resend(second.updated, at: start.addingTimeInterval(20), actor: "admin").updated
        #expect(resent.state == .credentialPrepared && resent.escalatedAt == nil && resent.currentStep?.kind == .deliver)
    }

    @Test func aReissueIsAuditedAndMakesARefusedCheckDueAgain() throws {
        var generator = SplitMix64(seed: 5)
        var onboarding = lifecycle.start(newCase(), at: start, actor: "api").updated
        onboarding = try lifecycle.record(.succeeded(detail: "found"), for: .correlate, of: onboarding, at: start, using: &generator).updated
        onboarding = try lifecycle.record(.attention(reason: "case c1 already gave this account a first credential"), for: .check, of: onboarding,
                                          at: start, using: &generator).updated
        #expect(onboarding.state == .escalated && onboarding.step(.check).nextAttemptAt! > start)
        #expect(throws: LifecycleError.self) { try lifecycle.approveReissue(onboarding, at: start, actor: "cli:admin", reason: " \n") }
        let later = start.addingTimeInterval(60)
        let transition = try lifecycle.approveReissue(onboarding, at: later, actor: "cli:admin", reason: "lost phone")
        #expect(transition.updated.reissue == OnboardingCase.Reissue(actor: "cli:admin", reason: "lost phone", at: later))
        #expect(transition.updated.state == .correlated && transition.updated.escalatedAt == nil)
        #expect(transition.updated.step(.check).nextAttemptAt == later && transition.updated.step(.check).attempts == 0)
        #expect(transition.audit.map(\.event) == ["case.reissue-approved"])

        // Not once the case has prepared its own credential, nor after it ended.
        var prepared = transition.updated
        for kind in [StepKind.check, .prepareCredential] {
            prepared = try lifecycle.record(.succeeded(detail: "ok"), for: kind, of: prepared, at: later, using: &generator).updated
        }
        #expect(throws: LifecycleError.self) { try lifecycle.approveReissue(prepared, at: later, actor: "cli:admin", reason: "again") }
        let cancelled = try lifecycle.cancel(onboarding, at: later, actor: "cli", reason: "wrong person").updated
        #expect(throws: LifecycleError.self) { try lifecycle.approveReissue(cancelled, at: later, actor: "cli:admin", reason: "lost phone") }
    }

    /// A step that knows when what it waits for changes (a pickup link's expiry) is looked at
    /// again by then, however long the backoff has grown; never sooner than the backoff says.
    @Test func aStepIsLookedAtAgainByTheTimeItNamesWhateverTheBackoff() throws {
        var generator = SplitMix64(seed: 6)
        var onboarding = lifecycle.start(newCase(), at: start, actor: "api").updated
        for _ in 0..<8 { onboarding = try lifecycle.record(.wait(reason: "not synced"), for: .correlate, of: onboarding, at: start, using: &generator).updated }
        #expect(onboarding.step(.correlate).nextAttemptAt == start.addingTimeInterval(1280))
        let expiry = start.addingTimeInterval(60)
        let clamped = try lifecycle.record(.wait(reason: "the link is open"), for: .correlate, of: onboarding, at: start, lookAgainBy: expiry, using: &generator).updated
        #expect(clamped.step(.correlate).nextAttemptAt == expiry)
        let later = try lifecycle.record(.wait(reason: "the link is open"), for: .correlate, of: onboarding, at: start, lookAgainBy: start.addingTimeInterval(86_400),
                                         using: &generator).updated
        #expect(later.step(.correlate).nextAttemptAt == start.addingTimeInterval(2560), "a later time never delays the backoff's")
        let past = try lifecycle.record(.wait(reason: "x"), for: .correlate, of: onboarding, at: start, lookAgainBy: start.addingTimeInterval(-5), using: &generator).updated
        #expect(past.step(.correlate).nextAttemptAt == start.addingTimeInterval(2560), "a time already past is ignored")
    }

    @Test func aNudgeMakesTheCurrentStepDueNowAndIsAudited() throws {
        var generator = SplitMix64(seed: 4)
        var onboarding = lifecycle.start(newCase(), at: start, actor: "api").updated
        onboarding = try lifecycle.record(.wait(reason: "not synced"), for: .correlate, of: onboarding, at: start, using: &generator).updated
        #expect(onboarding.step(.correlate).nextAttemptAt == start.addingTimeInterval(10))
        let later = start.addingTimeInterval(3)
        let nudged = try lifecycle.nudge(onboarding, at: later, actor: "pickup-page", event: "pickup.revealed", detail: "shown once")
        #expect(nudged.updated.step(.correlate).nextAttemptAt == later)
        #expect(nudged.updated.state == onboarding.state)
        #expect(nudged.audit == [AuditEvent(at: later, actor: "pickup-page", event: "pickup.revealed", detail: "shown once")])
        let cancelled = try lifecycle.cancel(onboarding, at: later, actor: "admin", reason: "withdrawn").updated
        #expect(throws: LifecycleError.self) { try lifecycle.nudge(cancelled, at: later, actor: "pickup-page", event: "pickup.revealed", detail: "") }
    }

    @Test func resendMakesDeliveryDueAgainAsANewRound() throws {
        var generator = SplitMix64(seed: 9)
        var onboarding = lifecycle.start(newCase(), at: start, actor: "api").updated
        // before the credential exists there is nothing to send
        #expect(throws: LifecycleError.self) { try lifecycle.resend(onboarding, at: start, actor: "admin") }
        for kind in [StepKind.correlate, .check, .prepareCredential, .deliver] {
            onboarding = try lifecycle.record(.succeeded(detail: "ok"), for: kind, of: onboarding, at: start, using: &generator).updated
        }
        onboarding = try lifecycle.record(.wait(reason: "waiting for the hire"), for: .complete, of: onboarding, at: start, using: &generator).updated
        let later = start.addingTimeInterval(3600)
        let transition = try lifecycle.resend(onboarding, at: later, actor: "admin")
        let resent = transition.updated
        #expect(resent.state == .credentialPrepared)
        #expect(resent.resendCount == 1)
        #expect(resent.currentStep?.kind == .deliver)
        #expect(resent.step(.deliver).nextAttemptAt == later && resent.step(.deliver).attempts == 0)
        #expect(resent.step(.complete).nextAttemptAt == nil)
        #expect(transition.audit.map(\.event) == ["case.resend"] && transition.audit[0].actor == "admin")
        #expect(try lifecycle.resend(resent, at: later, actor: "admin").updated.resendCount == 2)
        // once the hire has signed in, or the case has ended, nothing is sent again
        var done = resent
        for kind in [StepKind.deliver, .complete] { done = try lifecycle.record(.succeeded(detail: "ok"), for: kind, of: done, at: later, using: &generator).updated }
        #expect(throws: LifecycleError.self) { try lifecycle.resend(done, at: later, actor: "admin") }
        let cancelled = try lifecycle.cancel(resent, at: later, actor: "admin", reason: "withdrawn").updated
        #expect(throws: LifecycleError.self) { try lifecycle.resend(cancelled, at: later, actor: "admin") }
    }

    @Test func casesStoredBeforeResendExistedStillDecode() throws {
        let encoded = try JSONEncoder().encode(newCase())
        var object = try #require(try JSONSerialization.jsonObject(with: encoded) as? [String: Any])
        object.removeValue(forKey: "resends")
        let decoded = try JSONDecoder().decode(OnboardingCase.self, from: try JSONSerialization.data(withJSONObject: object))
        #expect(decoded.resendCount == 0)
    }

    @Test func transientFailuresBackOffExponentially() throws {
        var generator = SplitMix64(seed: 2)
        var onboarding = lifecycle.start(newCase(), at: start, actor: "api").updated
        var delays: [Double] = []
        for _ in 0..<5 {
            onboarding = try lifecycle.record(.retry(reason: "DC unreachable"), for: .correlate, of: onboarding, at: start, using: &generator).updated
            delays.append(onboarding.step(.correlate).nextAttemptAt!.timeIntervalSince(start))
        }
        #expect(delays == [10, 20, 40, 80, 160])
        #expect(onboarding.step(.correlate).attempts == 5)
        #expect(onboarding.step(.correlate).lastError == "DC unreachable")
        #expect(onboarding.state == .received)
    }

    @Test func jitterSpreadsRetriesWithinBounds() {
        var generator = SplitMix64(seed: 3)
        let policy = RetryPolicy(initialDelay: 100, multiplier: 2, maximumDelay: 1000, jitter: 0.2)
        let samples = (0..<1000).map { _ in policy.delay(afterAttempt: 1, using: &generator) }
        #expect(samples.allSatisfy { (80...120).contains($0) })
        #expect(Set(samples.map { Int($0) }).count > 20)
        #expect((0..<100).map { _ in policy.delay(afterAttempt: 30, using: &generator) }.allSatisfy { $0 <= 1200 })
    }

    @Test func notYetSyncedWaitsAndThenMovesOn() throws {
        var generator = SplitMix64(seed: 4)
        var onboarding = lifecycle.start(newCase(), at: start, actor: "api").updated
        onboarding = try lifecycle.record(.wait(reason: "the AD object is not synced yet"), for: .correlate, of: onboarding, at: start, using: &generator).updated
        #expect(onboarding.state == .waiting)
        onboarding = try lifecycle.record(.succeeded(detail: "found"), for: .correlate, of: onboarding, at: start.addingTimeInterval(10), using: &generator).updated
        #expect(onboarding.state == .correlated)
        #expect(onboarding.step(.correlate).lastError == nil)
    }

    @Test func aStepThatCannotFinishBeforeTheDeadlineEscalatesOnce() throws {
        var generator = SplitMix64(seed: 5)
        // Hire date in 1 day + 10 minutes: escalation point is 10 minutes from now.
        var onboarding = lifecycle.start(newCase(hireInDays: 1 + 600.0 / 86400), at: start, actor: "api").updated
        var escalations = 0
        var now = start
        for _ in 0..<8 {
            let transition = try lifecycle.record(.retry(reason: "DC unreachable"), for: .correlate, of: onboarding, at: now, using: &generator)
            onboarding = transition.updated
            escalations += transition.effects.filter { if case .escalate = $0 { true } else { false } }.count
            now = onboarding.step(.correlate).nextAttemptAt!
        }
        #expect(escalations == 1)
        #expect(onboarding.state == .escalated)
        #expect(onboarding.escalationReason?.contains("correlate") == true)
        // Work goes on after escalation and the case recovers.
        let recovered = try lifecycle.record(.succeeded(detail: "found"), for: .correlate, of: onboarding, at: now, using: &generator)
        #expect(recovered.updated.state == .correlated)
        #expect(recovered.audit.contains { $0.event == "case.recovered" })
    }

    @Test func thePeriodicDeadlineCheckEscalatesAStuckCase() throws {
        let onboarding = lifecycle.start(newCase(hireInDays: 2), at: start, actor: "api").updated
        #expect(lifecycle.checkDeadline(of: onboarding, at: start) == nil)
        let late = start.addingTimeInterval(86400 + 60)
        let transition = try #require(lifecycle.checkDeadline(of: onboarding, at: late))
        #expect(transition.updated.state == .escalated)
        #expect(transition.effects == [.escalate(contact: "desk@example.test", reason: transition.updated.escalationReason!)])
        #expect(lifecycle.checkDeadline(of: transition.updated, at: late) == nil)
    }

    @Test func aDeliveredCaseDoesNotEscalateWhileTheHireActs() throws {
        var generator = SplitMix64(seed: 6)
        var onboarding = lifecycle.start(newCase(hireInDays: 2), at: start, actor: "api").updated
        for kind in [StepKind.correlate, .check, .prepareCredential, .deliver] {
            onboarding = try lifecycle.record(.succeeded(detail: "ok"), for: kind, of: onboarding, at: start, using: &generator).updated
        }
        #expect(lifecycle.checkDeadline(of: onboarding, at: start.addingTimeInterval(2 * 86400)) == nil)
    }

    @Test func aPermanentFailureEndsTheCaseWithAReasonAndEscalates() throws {
        var generator = SplitMix64(seed: 7)
        var onboarding = lifecycle.start(newCase(), at: start, actor: "api").updated
        onboarding = try lifecycle.record(.succeeded(detail: "found"), for: .correlate, of: onboarding, at: start, using: &generator).updated
        let transition = try lifecycle.record(.failed(reason: "the account is protected (adminCount=1)"), for: .check, of: onboarding, at: start, using: &generator)
        #expect(transition.updated.state == .failed)
        #expect(transition.updated.failureReason == "check: the account is protected (adminCount=1)")
        #expect(transition.effects.contains(.caseEnded(successful: false)))
        #expect(transition.effects.contains { if case .escalate = $0 { true } else { false } })
        // An admin retry makes the step due again.
        let retried = try lifecycle.retry(transition.updated, at: start, actor: "admin")
        #expect(retried.updated.state == .correlated)
        #expect(retried.updated.step(.check).status == .pending)
        #expect(retried.updated.step(.check).nextAttemptAt == start)
    }

    @Test func resultsForTheWrongStepOrAnEndedCaseAreRefused() throws {
        var generator = SplitMix64(seed: 8)
        let onboarding = lifecycle.start(newCase(), at: start, actor: "api").updated
        #expect(throws: LifecycleError.self) { try lifecycle.record(.succeeded(detail: "x"), for: .deliver, of: onboarding, at: start, using: &generator) }
        let cancelled = try lifecycle.cancel(onboarding, at: start, actor: "admin", reason: "hire withdrew").updated
        #expect(cancelled.state == .cancelled)
        #expect(cancelled.steps.allSatisfy { $0.nextAttemptAt == nil })
        #expect(throws: LifecycleError.self) { try lifecycle.record(.succeeded(detail: "x"), for: .correlate, of: cancelled, at: start, using: &generator) }
        #expect(throws: LifecycleError.self) { try lifecycle.cancel(cancelled, at: start, actor: "admin", reason: "again") }
        #expect(throws: LifecycleError.self) { try lifecycle.retry(onboarding, at: start, actor: "admin") }
    }

    @Test func intakeKeysPreferTheMostStableIdentifier() {
        #expect(HireIdentity(entraObjectID: "ABC", employeeID: "E1").intakeKey == "entra:abc")
        #expect(HireIdentity(userPrincipalName: "Alice@Example.com", employeeID: " E1 ").intakeKey == "employee:E1")
        #expect(HireIdentity(userPrincipalName: "Alice@Example.com").intakeKey == "upn:alice@example.com")
        #expect(HireIdentity(displayName: "Alice").intakeKey == nil)
    }

    @Test func casesRoundTripThroughJSON() throws {
        let onboarding = lifecycle.start(newCase(), at: start, actor: "api").updated
        let decoded = try JSONDecoder().decode(OnboardingCase.self, from: JSONEncoder().encode(onboarding))
        #expect(decoded == onboarding)
    }
}
