/// Exponential backoff with jitter: attempt n waits initial × multiplier^(n-1), capped, then
/// spread by ±jitter so many cases failing together (a DC outage) do not retry in lockstep.
public struct RetryPolicy: Hashable, Sendable, Codable {
    public var initialDelay: Double
    public var multiplier: Double
    public var maximumDelay: Double
    /// Fraction of the delay to spread randomly in both directions (0.2 = ±20 %).
    public var jitter: Double

    public init(initialDelay: Double = 5, multiplier: Double = 2, maximumDelay: Double = 3600, jitter: Double = 0.2) {
        self.initialDelay = initialDelay
        self.multiplier = multiplier
        self.maximumDelay = maximumDelay
        self.jitter = min(max(jitter, 0), 1)
    }

    /// Seconds to wait after `attempt` failed attempts (attempt ≥ 1).
    public func delay(afterAttempt attempt: Int, using generator: inout some RandomNumberGenerator) -> Double {
        let exponent = Double(max(0, attempt - 1))
        let base = min(maximumDelay, initialDelay * pow(multiplier, exponent))
        guard jitter > 0 else { return base }
        let spread = base * jitter
        return max(0, base + Double.random(in: -spread...spread, using: &generator))
    }

    private func pow(_ base: Double, _ exponent: Double) -> Double {
        var result = 1.0
        for _ in 0..<Int(min(exponent, 64)) { result *= base }
        return result
    }
}

/// When a case must escalate: the service desk is told while there is still time to act.
public struct DeadlinePolicy: Hashable, Sendable, Codable {
    /// Escalate when the credential is not delivered this many seconds before the hire date.
    public var escalateBeforeHireDate: Double
    /// Who is told (a service-desk mailbox or queue address).
    public var serviceDeskContact: String

    public init(escalateBeforeHireDate: Double = 24 * 3600, serviceDeskContact: String = "servicedesk@example.com") {
        self.escalateBeforeHireDate = escalateBeforeHireDate
        self.serviceDeskContact = serviceDeskContact
    }
}
