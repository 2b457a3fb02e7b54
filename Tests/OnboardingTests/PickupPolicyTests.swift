import Foundation
import Testing
@testable import Onboarding

/// The pickup form's rules: scanners neither reveal nor burn a secret, people get five tries.
@Suite struct PickupPolicyTests {
    let policy = PickupPolicy(maximumAttempts: 5, lifetime: 72 * 3600, minimumTypingTime: 2, maximumFormAge: 3600)
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    var ticket: PickupTicket {
        PickupTicket(caseID: CaseID(rawValue: "case_1"), tokenDigest: "t", codeDigest: "c", attempts: 5, createdAt: start, expiresAt: start.addingTimeInterval(72 * 3600))
    }

    @Test func aScannerThatSubmitsAtOnceOrEmptyChangesNothing() {
        let served = start.addingTimeInterval(60)
        for submission in [PickupPolicy.Submission.emptyCode, .wrongCode, .rightCode] {
            let decision = policy.decide(submission, ticket: ticket, formServedAt: served, now: served.addingTimeInterval(0.3))
            guard case .ignore = decision else { Issue.record("\(submission) at once → \(decision)"); continue }
            #expect(policy.apply(decision, to: ticket, now: served) == ticket)
        }
        let empty = policy.decide(.emptyCode, ticket: ticket, formServedAt: served, now: served.addingTimeInterval(10))
        guard case .ignore = empty else { Issue.record("empty → \(empty)"); return }
    }

    @Test func wrongCodesCountAndTheFifthBurns() {
        var current = ticket
        let served = start
        var decisions: [PickupPolicy.Decision] = []
        for _ in 0..<5 {
            let decision = policy.decide(.wrongCode, ticket: current, formServedAt: served, now: served.addingTimeInterval(8))
            decisions.append(decision)
            current = policy.apply(decision, to: current, now: served)
        }
        #expect(decisions == [.refuse(attemptsLeft: 4), .refuse(attemptsLeft: 3), .refuse(attemptsLeft: 2), .refuse(attemptsLeft: 1), .burn])
        #expect(current.state == .burned && current.attemptsLeft == 0)
        #expect(policy.decide(.rightCode, ticket: current, formServedAt: served, now: served.addingTimeInterval(8)) == .closed(.burned))
    }

    @Test func theRightCodeRevealsOnceThenTheTicketIsClosed() {
        let decision = policy.decide(.rightCode, ticket: ticket, formServedAt: start, now: start.addingTimeInterval(5))
        #expect(decision == .reveal)
        let revealed = policy.apply(decision, to: ticket, now: start)
        #expect(revealed.state == .revealed)
        #expect(policy.decide(.rightCode, ticket: revealed, formServedAt: start, now: start.addingTimeInterval(6)) == .closed(.revealed))
    }

    @Test func expiryAndStaleFormsAreNamed() {
        let late = start.addingTimeInterval(72 * 3600 + 1)
        let expired = policy.decide(.rightCode, ticket: ticket, formServedAt: late.addingTimeInterval(-10), now: late)
        #expect(expired == .closed(.expired))
        #expect(policy.apply(expired, to: ticket, now: late).state == .expired)
        let stale = policy.decide(.rightCode, ticket: ticket, formServedAt: start, now: start.addingTimeInterval(7200))
        guard case .ignore(let reason) = stale else { Issue.record("stale form → \(stale)"); return }
        #expect(reason.contains("reload"))
    }
}
