import Foundation

/// The active fault plan with what is left of each rule. `decide` is pure: it consumes rule
/// counts and says what the responder must do for one request.
struct FaultSchedule: Sendable {
    struct ActiveRule: Sendable {
        var rule: FaultRule
        var remaining: Int?
        var expiresAt: Date?
    }

    enum Action: Sendable, Equatable {
        case delay(seconds: Double)
        case respond(status: Int, retryAfter: Double?)
        case drop
    }

    private(set) var rules: [ActiveRule] = []

    mutating func set(_ plan: FaultPlan, now: Date) {
        rules = plan.rules.map { ActiveRule(rule: $0, remaining: $0.count, expiresAt: $0.duration.map { now.addingTimeInterval($0) }) }
    }

    mutating func add(_ rule: FaultRule, now: Date) {
        rules.append(ActiveRule(rule: rule, remaining: rule.count, expiresAt: rule.duration.map { now.addingTimeInterval($0) }))
    }

    /// What is left of the plan (rules with their remaining counts).
    var current: FaultPlan {
        FaultPlan(rules.map { active in
            var rule = active.rule
            rule.count = active.remaining
            return rule
        })
    }

    /// Delays first (every matching latency rule), then at most one answering fault.
    mutating func decide(method: String, path: String, now: Date) -> [Action] {
        rules.removeAll { ($0.remaining ?? 1) <= 0 || ($0.expiresAt.map { now >= $0 } ?? false) }
        var actions: [Action] = []
        for index in rules.indices {
            let rule = rules[index].rule
            guard path.hasPrefix(rule.pathPrefix), rule.method.map({ $0.uppercased() == method.uppercased() }) ?? true else { continue }
            if let remaining = rules[index].remaining { rules[index].remaining = remaining - 1 }
            switch rule.fault {
            case .latency(let seconds):
                actions.append(.delay(seconds: seconds))
                continue
            case .throttle(let retryAfter):
                actions.append(.respond(status: 429, retryAfter: retryAfter))
            case .serverError(let status, let retryAfter):
                actions.append(.respond(status: status, retryAfter: retryAfter))
            case .dropConnection:
                actions.append(.drop)
            }
            break
        }
        return actions
    }
}
