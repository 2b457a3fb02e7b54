import Foundation
@testable import Microsoft
import NIOHTTP1
import Testing

@Suite struct SigningKeyCacheStateMachineTests {
    typealias Machine = SigningKeyCacheStateMachine<String, Int>
    let start = Date(timeIntervalSince1970: 1_700_000_000)

    func machineWithKeys(_ kids: Set<String>) -> Machine {
        var machine = Machine(maximumAge: 86_400, minimumRefetchInterval: 300)
        _ = machine.keyRequested(kid: "a", now: start)
        _ = machine.fetchSucceeded("v1", keyIDs: kids, now: start)
        return machine
    }

    @Test func firstUseFetchesAndOthersWait() {
        var machine = Machine(maximumAge: 86_400, minimumRefetchInterval: 300)
        guard case .fetch = machine.keyRequested(kid: "a", now: start) else { Issue.record("expected fetch"); return }
        guard case .wait = machine.keyRequested(kid: "a", now: start) else { Issue.record("expected wait"); return }
        machine.waiterAdded(1)
        #expect(machine.fetchSucceeded("v1", keyIDs: ["a"], now: start) == [1])
        guard case .use("v1") = machine.keyRequested(kid: "a", now: start) else { Issue.record("expected use"); return }
    }

    @Test func unknownKidRefetchesOnceThenIsRateLimited() {
        var machine = machineWithKeys(["a"])
        guard case .unknownKey = machine.keyRequested(kid: "b", now: start.addingTimeInterval(10)) else { Issue.record("expected refusal right after a fetch"); return }
        guard case .fetch = machine.keyRequested(kid: "b", now: start.addingTimeInterval(301)) else { Issue.record("expected refetch"); return }
        _ = machine.fetchSucceeded("v2", keyIDs: ["a", "b"], now: start.addingTimeInterval(301))
        guard case .use("v2") = machine.keyRequested(kid: "b", now: start.addingTimeInterval(302)) else { Issue.record("expected rotated key"); return }
        guard case .unknownKey = machine.keyRequested(kid: "forged", now: start.addingTimeInterval(303)) else { Issue.record("expected refusal"); return }
    }

    @Test func staleKeysAreRefreshedButKeptIfTheFetchFails() {
        var machine = machineWithKeys(["a"])
        guard case .fetch = machine.keyRequested(kid: "a", now: start.addingTimeInterval(86_400)) else { Issue.record("expected refresh"); return }
        #expect(machine.fetchFailed(reason: "down", now: start.addingTimeInterval(86_400)).isEmpty)
        guard case .use("v1") = machine.keyRequested(kid: "a", now: start.addingTimeInterval(86_401)) else { Issue.record("expected stale keys"); return }
    }

    @Test func failureWithNothingCachedBacksOffBriefly() {
        var machine = Machine(maximumAge: 86_400, minimumRefetchInterval: 300, failureBackoff: 10)
        _ = machine.keyRequested(kid: "a", now: start)
        _ = machine.fetchFailed(reason: "HTTP 503", now: start)
        guard case .unavailable(let reason) = machine.keyRequested(kid: "a", now: start.addingTimeInterval(5)) else { Issue.record("expected unavailable"); return }
        #expect(reason == "HTTP 503")
        guard case .fetch = machine.keyRequested(kid: "a", now: start.addingTimeInterval(11)) else { Issue.record("expected retry"); return }
    }
}
