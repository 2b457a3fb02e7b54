import Foundation

/// Decides when to (re)fetch the tenant's signing keys. Keys are kept for `maximumAge`; a token
/// signed with an unknown `kid` triggers one refetch (key rotation), but no more often than
/// `minimumRefetchInterval`, so a flood of forged `kid`s cannot turn Firstkey into a JWKS
/// hammer. Concurrent requests share one fetch.
struct SigningKeyCacheStateMachine<Keys, Waiter> {
    enum Action {
        case use(Keys)
        /// The caller fetches; others wait.
        case fetch
        case wait
        /// Refused: the key is unknown and was refetched too recently to try again.
        case unknownKey
        /// No keys at all and the last fetch failed moments ago.
        case unavailable(reason: String)
    }

    let maximumAge: TimeInterval
    let minimumRefetchInterval: TimeInterval
    /// After a failed fetch with nothing cached, how long to answer "unavailable" before trying again.
    let failureBackoff: TimeInterval

    private var keys: Keys?
    private var keyIDs: Set<String> = []
    private var fetchedAt: Date?
    private var lastAttemptAt: Date?
    private var lastFailure: String?
    private var waiters: [Waiter]?

    init(maximumAge: TimeInterval, minimumRefetchInterval: TimeInterval, failureBackoff: TimeInterval = 10) {
        self.maximumAge = maximumAge
        self.minimumRefetchInterval = minimumRefetchInterval
        self.failureBackoff = failureBackoff
    }

    mutating func keyRequested(kid: String, now: Date) -> Action {
        if waiters != nil { return .wait }
        let mayRefetch = lastAttemptAt.map { now.timeIntervalSince($0) >= minimumRefetchInterval } ?? true
        guard let keys else {
            if let lastAttemptAt, now.timeIntervalSince(lastAttemptAt) < failureBackoff {
                return .unavailable(reason: lastFailure ?? "the key set could not be fetched")
            }
            return startFetch(now: now)
        }
        if keyIDs.contains(kid) {
            let stale = fetchedAt.map { now.timeIntervalSince($0) >= maximumAge } ?? true
            return stale && mayRefetch ? startFetch(now: now) : .use(keys)
        }
        return mayRefetch ? startFetch(now: now) : .unknownKey
    }

    mutating func waiterAdded(_ waiter: Waiter) {
        precondition(waiters != nil, "a waiter can only join a running fetch")
        waiters?.append(waiter)
    }

    /// Returns the waiters; they (and the fetcher) ask again and now get an answer.
    mutating func fetchSucceeded(_ keys: Keys, keyIDs: Set<String>, now: Date) -> [Waiter] {
        self.keys = keys
        self.keyIDs = keyIDs
        fetchedAt = now
        lastFailure = nil
        return takeWaiters()
    }

    /// Keeps any previous keys (stale keys beat no keys during an outage).
    mutating func fetchFailed(reason: String, now: Date) -> [Waiter] {
        lastFailure = reason
        return takeWaiters()
    }

    private mutating func startFetch(now: Date) -> Action {
        waiters = []
        lastAttemptAt = now
        return .fetch
    }

    private mutating func takeWaiters() -> [Waiter] {
        defer { waiters = nil }
        return waiters ?? []
    }
}
