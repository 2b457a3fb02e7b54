public import Foundation

/// Token buckets by key (a client address, an API token, an intake source): each key may spend
/// `capacity` at once and earns it back at `capacity` per `period`. A pure value; `RateLimiter`
/// holds one behind an actor.
public struct TokenBuckets: Sendable {
    public enum Decision: Sendable, Equatable {
        case admitted
        /// Try again after this many seconds (at least 1).
        case refused(retryAfterSeconds: Int)
        /// More than the bucket ever holds: it can never be admitted in one go.
        case tooLarge(capacity: Int)
    }

    public let capacity: Double
    public let period: TimeInterval
    /// Keys remembered at most; beyond it, full buckets (which say nothing) are forgotten first.
    let maximumKeys: Int
    private var buckets: [String: (tokens: Double, updated: Date)] = [:]

    public init(capacity: Int, per period: TimeInterval, maximumKeys: Int = 100_000) {
        self.capacity = Double(max(1, capacity))
        self.period = max(1, period)
        self.maximumKeys = maximumKeys
    }

    private var refillPerSecond: Double { capacity / period }

    public mutating func admit(_ key: String, cost: Int = 1, now: Date) -> Decision {
        let cost = Double(max(1, cost))
        guard cost <= capacity else { return .tooLarge(capacity: Int(capacity)) }
        var bucket = buckets[key] ?? (capacity, now)
        let elapsed = max(0, now.timeIntervalSince(bucket.updated))
        bucket.tokens = min(capacity, bucket.tokens + elapsed * refillPerSecond)
        bucket.updated = now
        guard bucket.tokens >= cost else {
            buckets[key] = bucket
            return .refused(retryAfterSeconds: max(1, Int(((cost - bucket.tokens) / refillPerSecond).rounded(.up))))
        }
        bucket.tokens -= cost
        buckets[key] = bucket
        if buckets.count > maximumKeys { forgetFullBuckets(now: now) }
        return .admitted
    }

    private mutating func forgetFullBuckets(now: Date) {
        buckets = buckets.filter { $0.value.tokens + now.timeIntervalSince($0.value.updated) * refillPerSecond < capacity }
        if buckets.count > maximumKeys { buckets.removeAll() }
    }
}

/// A `TokenBuckets` shared by concurrent requests of one instance. Several instances each keep
/// their own: the installation-wide ceiling is `guard.maximumNewCasesPerHour`, kept in the store.
public actor RateLimiter {
    private var buckets: TokenBuckets
    private let now: @Sendable () -> Date
    public nonisolated let name: String

    /// - Parameters:
    ///   - name: what is limited, for messages ("intake", "sign-in").
    ///   - perMinute: the burst, earned back over a minute; 0 turns the limiter off.
    public init(_ name: String, perMinute: Int, now: @escaping @Sendable () -> Date = { Date() }) {
        self.name = name
        buckets = TokenBuckets(capacity: perMinute <= 0 ? Int.max / 2 : perMinute, per: 60)
        self.now = now
    }

    public func admit(_ key: String, cost: Int = 1) -> TokenBuckets.Decision {
        buckets.admit(key, cost: cost, now: now())
    }
}

/// The limiters `serve` shares between its routes (`limits.*`).
public struct RequestLimits: Sendable {
    /// New cases per API token (API and SCIM) or per Lifecycle Workflows caller.
    public var intake: RateLimiter
    /// Sign-in starts, callbacks and form posts of the portal, the dashboard and the pickup page, per client address.
    public var pages: RateLimiter

    public init(intakePerMinute: Int = 120, pagePostsPerMinute: Int = 30, now: @escaping @Sendable () -> Date = { Date() }) {
        intake = RateLimiter("intake", perMinute: intakePerMinute, now: now)
        pages = RateLimiter("page", perMinute: pagePostsPerMinute, now: now)
    }

    /// No limits (tests that are about something else).
    public static var unlimited: RequestLimits { RequestLimits(intakePerMinute: 0, pagePostsPerMinute: 0) }
}

/// A request context that knows the client's address (from the connection, never a header a
/// client could choose).
public protocol ClientAddressProviding {
    var clientAddress: String? { get }
}
