/// How hard to try before reporting a failure. The decision itself is pure (`decide`), so every
/// branch is tested without a network or a clock.
public struct RetryPolicy: Sendable, Hashable {
    /// Attempts in total, including the first.
    public var maximumAttempts: Int
    /// No retry starts once this much time has passed since the first attempt, and no wait may
    /// end beyond it.
    public var maximumTotalDuration: Duration
    /// First backoff for errors without `Retry-After`; doubles per attempt.
    public var baseDelay: Duration
    /// Cap for one exponential backoff.
    public var maximumDelay: Duration
    /// Per-attempt timeout handed to the transport.
    public var attemptTimeout: Duration

    public init(
        maximumAttempts: Int = 5,
        maximumTotalDuration: Duration = .seconds(120),
        baseDelay: Duration = .milliseconds(500),
        maximumDelay: Duration = .seconds(30),
        attemptTimeout: Duration = .seconds(60)
    ) {
        self.maximumAttempts = max(1, maximumAttempts)
        self.maximumTotalDuration = maximumTotalDuration
        self.baseDelay = baseDelay
        self.maximumDelay = maximumDelay
        self.attemptTimeout = attemptTimeout
    }

    public static let `default` = RetryPolicy()
    /// One attempt, no retries.
    public static let never = RetryPolicy(maximumAttempts: 1)

    /// What happened on the attempt just finished.
    public enum Outcome: Sendable, Hashable {
        case response(status: Int, retryAfter: Duration?)
        /// No response. `sentRequest` false means nothing reached the server.
        case transportFailure(sentRequest: Bool)
    }

    public enum Decision: Sendable, Hashable {
        case retry(after: Duration)
        /// The outcome is final: a success, a client error, or the budget is spent.
        case stop
    }

    /// - Parameters:
    ///   - attempt: 1 for the first attempt.
    ///   - elapsed: time since the first attempt started.
    ///   - jitter: a random value in 0..<1 (inject a fixed one in tests).
    public func decide(
        outcome: Outcome,
        idempotency: MicrosoftHTTPRequest.Idempotency,
        attempt: Int,
        elapsed: Duration,
        jitter: Double
    ) -> Decision {
        guard attempt < maximumAttempts else { return .stop }
        let delay: Duration
        switch outcome {
        case .response(let status, let retryAfter):
            switch status {
            case 429, 503, 504:
                // The service asks us to come back; it did not process the request.
                delay = retryAfter ?? backoff(attempt: attempt, jitter: jitter)
            case 500...599:
                guard idempotency == .idempotent else { return .stop }
                delay = retryAfter ?? backoff(attempt: attempt, jitter: jitter)
            default:
                return .stop
            }
        case .transportFailure(let sentRequest):
            guard !sentRequest || idempotency == .idempotent else { return .stop }
            delay = backoff(attempt: attempt, jitter: jitter)
        }
        guard elapsed + delay <= maximumTotalDuration else { return .stop }
        return .retry(after: delay)
    }

    /// Exponential backoff with "equal jitter": half fixed, half random, so retries spread out
    /// but never collapse to zero.
    func backoff(attempt: Int, jitter: Double) -> Duration {
        let exponent = min(max(attempt - 1, 0), 30)
        let full = min(baseDelay * (1 << exponent), maximumDelay)
        let clampedJitter = min(max(jitter, 0), 1)
        return full / 2 + (full / 2) * clampedJitter
    }
}
