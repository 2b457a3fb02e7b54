import Foundation

/// Decides, per scope, whether a caller may use the cached token, must fetch a new one, or
/// should wait for a fetch already running (single flight). Tokens are refreshed `refreshMargin`
/// before they expire; if that early refresh fails, the still-valid token keeps being used.
/// `Waiter` is whatever the owner suspends callers with (a continuation in `EntraTokenClient`).
struct TokenCacheStateMachine<Waiter> {
    private struct Entry {
        var token: EntraAccessToken?
        /// Non-nil while a fetch runs: the callers waiting for it.
        var waiters: [Waiter]?
    }

    enum RequestAction {
        case use(EntraAccessToken)
        /// The caller fetches; everyone else asking meanwhile waits.
        case fetch
        /// A fetch is running: register with `waiterAdded`.
        case wait
    }

    enum FailureAction {
        /// The early refresh failed but the old token is still valid: hand it out.
        case useCached(EntraAccessToken, waiters: [Waiter])
        /// Fail the fetcher and the waiters with the fetch's error.
        case fail(waiters: [Waiter])
        /// The fetcher was cancelled: its waiters should ask again instead of failing.
        case retry(waiters: [Waiter])
    }

    let refreshMargin: TimeInterval
    /// A token this close to expiry is not handed out even as a fallback.
    let minimumRemainingLifetime: TimeInterval
    private var entries: [String: Entry] = [:]

    init(refreshMargin: TimeInterval, minimumRemainingLifetime: TimeInterval = 30) {
        self.refreshMargin = refreshMargin
        self.minimumRemainingLifetime = minimumRemainingLifetime
    }

    mutating func tokenRequested(scope: String, now: Date) -> RequestAction {
        var entry = entries[scope] ?? Entry()
        if entry.waiters != nil { return .wait }
        if let token = entry.token, token.expiresAt.timeIntervalSince(now) > refreshMargin {
            return .use(token)
        }
        entry.waiters = []
        entries[scope] = entry
        return .fetch
    }

    mutating func waiterAdded(_ waiter: Waiter, scope: String) {
        precondition(entries[scope]?.waiters != nil, "a waiter can only join a running fetch")
        entries[scope]?.waiters?.append(waiter)
    }

    /// Stores the token; returns the waiters to hand it to.
    mutating func fetchSucceeded(scope: String, token: EntraAccessToken) -> [Waiter] {
        let waiters = entries[scope]?.waiters ?? []
        entries[scope] = Entry(token: token, waiters: nil)
        return waiters
    }

    mutating func fetchFailed(scope: String, now: Date, cancelled: Bool) -> FailureAction {
        let waiters = entries[scope]?.waiters ?? []
        entries[scope]?.waiters = nil
        if cancelled { return .retry(waiters: waiters) }
        if let token = entries[scope]?.token, token.expiresAt.timeIntervalSince(now) > minimumRemainingLifetime {
            return .useCached(token, waiters: waiters)
        }
        entries[scope]?.token = nil
        return .fail(waiters: waiters)
    }

    /// Forgets a token the resource rejected (HTTP 401), so the next request fetches a new one.
    mutating func invalidate(scope: String, token: EntraAccessToken) {
        if entries[scope]?.token == token { entries[scope]?.token = nil }
    }

    /// Token expiry from `expires_in`, counted from when the request was sent.
    static func expiry(sentAt: Date, expiresIn: Int) -> Date {
        sentAt.addingTimeInterval(TimeInterval(max(0, expiresIn)))
    }
}
