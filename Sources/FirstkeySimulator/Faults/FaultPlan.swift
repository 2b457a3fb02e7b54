import Foundation

/// Failures to inject before requests reach the simulated services, by path prefix.
/// Rules are checked in order; each rule matches paths starting with `pathPrefix` (and, if
/// set, only `method`), for at most `count` requests and/or during `duration` after the plan
/// was set. A latency rule delays the request and lets later rules and the service run; any
/// other rule answers the request itself.
public struct FaultPlan: Sendable, Hashable {
    public var rules: [FaultRule]

    public init(_ rules: [FaultRule] = []) {
        self.rules = rules
    }

    public static let none = FaultPlan()
}

public struct FaultRule: Sendable, Hashable {
    public enum Fault: Sendable, Hashable {
        /// `429 Too Many Requests` with `Retry-After` (seconds; a decimal such as 2.128 is written as is).
        case throttle(retryAfter: Double)
        /// A 5xx (typically 500, 503, 504), with `Retry-After` if given.
        case serverError(status: Int, retryAfter: Double?)
        /// Wait this many seconds, then continue.
        case latency(seconds: Double)
        /// Close the connection without writing a response.
        case dropConnection
    }

    public var pathPrefix: String
    public var method: String?
    public var fault: Fault
    /// How many matching requests this rule affects; nil = no limit (bounded by `duration`, if any).
    public var count: Int?
    /// How long (seconds) after the plan is set this rule stays active; nil = no limit.
    public var duration: Double?

    public init(pathPrefix: String, method: String? = nil, fault: Fault, count: Int? = nil, duration: Double? = nil) {
        self.pathPrefix = pathPrefix
        self.method = method
        self.fault = fault
        self.count = count
        self.duration = duration
    }

    public static func throttle(_ pathPrefix: String, times count: Int, retryAfter: Double = 1) -> FaultRule {
        .init(pathPrefix: pathPrefix, fault: .throttle(retryAfter: retryAfter), count: count)
    }

    public static func serverError(_ pathPrefix: String, status: Int = 503, times count: Int, retryAfter: Double? = nil) -> FaultRule {
        .init(pathPrefix: pathPrefix, fault: .serverError(status: status, retryAfter: retryAfter), count: count)
    }

    public static func latency(_ pathPrefix: String, seconds: Double, times count: Int? = nil) -> FaultRule {
        .init(pathPrefix: pathPrefix, fault: .latency(seconds: seconds), count: count)
    }

    public static func dropConnection(_ pathPrefix: String, times count: Int) -> FaultRule {
        .init(pathPrefix: pathPrefix, fault: .dropConnection, count: count)
    }
}
