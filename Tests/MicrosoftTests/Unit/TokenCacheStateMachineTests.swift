import Foundation
@testable import Microsoft
import NIOHTTP1
import Testing

@Suite struct TokenCacheStateMachineTests {
    let start = Date(timeIntervalSince1970: 1_700_000_000)
    let scope = "https://graph.microsoft.com/.default"

    func token(_ value: String, expiresIn seconds: TimeInterval) -> EntraAccessToken {
        EntraAccessToken(value: value, scope: scope, expiresAt: start.addingTimeInterval(seconds))
    }

    @Test func firstRequestFetchesAndLaterOnesWaitThenShare() {
        var machine = TokenCacheStateMachine<Int>(refreshMargin: 300)
        guard case .fetch = machine.tokenRequested(scope: scope, now: start) else { Issue.record("expected fetch"); return }
        guard case .wait = machine.tokenRequested(scope: scope, now: start) else { Issue.record("expected wait"); return }
        machine.waiterAdded(1, scope: scope)
        machine.waiterAdded(2, scope: scope)
        #expect(machine.fetchSucceeded(scope: scope, token: token("a", expiresIn: 3600)) == [1, 2])
        guard case .use(let cached) = machine.tokenRequested(scope: scope, now: start.addingTimeInterval(3000)) else { Issue.record("expected use"); return }
        #expect(cached.value == "a")
    }

    @Test func scopesAreCachedSeparately() {
        var machine = TokenCacheStateMachine<Int>(refreshMargin: 300)
        _ = machine.tokenRequested(scope: scope, now: start)
        _ = machine.fetchSucceeded(scope: scope, token: token("a", expiresIn: 3600))
        guard case .fetch = machine.tokenRequested(scope: "api://other/.default", now: start) else { Issue.record("expected fetch"); return }
    }

    @Test func refreshStartsFiveMinutesBeforeExpiry() {
        var machine = TokenCacheStateMachine<Int>(refreshMargin: 300)
        _ = machine.tokenRequested(scope: scope, now: start)
        _ = machine.fetchSucceeded(scope: scope, token: token("a", expiresIn: 3600))
        guard case .use = machine.tokenRequested(scope: scope, now: start.addingTimeInterval(3299)) else { Issue.record("expected use"); return }
        guard case .fetch = machine.tokenRequested(scope: scope, now: start.addingTimeInterval(3300)) else { Issue.record("expected fetch"); return }
    }

    @Test func failedEarlyRefreshKeepsUsingTheValidToken() {
        var machine = TokenCacheStateMachine<Int>(refreshMargin: 300)
        _ = machine.tokenRequested(scope: scope, now: start)
        _ = machine.fetchSucceeded(scope: scope, token: token("a", expiresIn: 3600))
        _ = machine.tokenRequested(scope: scope, now: start.addingTimeInterval(3400))
        machine.waiterAdded(7, scope: scope)
        guard case .useCached(let cached, let waiters) = machine.fetchFailed(scope: scope, now: start.addingTimeInterval(3400), cancelled: false) else {
            Issue.record("expected useCached"); return
        }
        #expect(cached.value == "a")
        #expect(waiters == [7])
        // The next caller tries again.
        guard case .fetch = machine.tokenRequested(scope: scope, now: start.addingTimeInterval(3401)) else { Issue.record("expected fetch"); return }
    }

    @Test func failureWithoutAUsableTokenFailsEveryone() {
        var machine = TokenCacheStateMachine<Int>(refreshMargin: 300)
        _ = machine.tokenRequested(scope: scope, now: start)
        _ = machine.fetchSucceeded(scope: scope, token: token("a", expiresIn: 3600))
        _ = machine.tokenRequested(scope: scope, now: start.addingTimeInterval(3590))
        machine.waiterAdded(1, scope: scope)
        guard case .fail(let waiters) = machine.fetchFailed(scope: scope, now: start.addingTimeInterval(3590), cancelled: false) else {
            Issue.record("expected fail"); return
        }
        #expect(waiters == [1])
    }

    @Test func cancelledFetcherLetsWaitersRetry() {
        var machine = TokenCacheStateMachine<Int>(refreshMargin: 300)
        _ = machine.tokenRequested(scope: scope, now: start)
        machine.waiterAdded(1, scope: scope)
        guard case .retry(let waiters) = machine.fetchFailed(scope: scope, now: start, cancelled: true) else { Issue.record("expected retry"); return }
        #expect(waiters == [1])
        guard case .fetch = machine.tokenRequested(scope: scope, now: start) else { Issue.record("expected fetch"); return }
    }

    @Test func invalidateDropsOnlyThatToken() {
        var machine = TokenCacheStateMachine<Int>(refreshMargin: 300)
        _ = machine.tokenRequested(scope: scope, now: start)
        let current = token("a", expiresIn: 3600)
        _ = machine.fetchSucceeded(scope: scope, token: current)
        machine.invalidate(scope: scope, token: token("older", expiresIn: 3600))
        guard case .use = machine.tokenRequested(scope: scope, now: start) else { Issue.record("expected use"); return }
        machine.invalidate(scope: scope, token: current)
        guard case .fetch = machine.tokenRequested(scope: scope, now: start) else { Issue.record("expected fetch"); return }
    }
}
