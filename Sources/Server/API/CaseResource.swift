public import Foundation
public import Onboarding

/// A case as the API and the CLI show it: identity, state, steps with attempts and errors, audit trail.
public struct CaseResource: Encodable, Sendable {
    public struct Step: Encodable, Sendable {
        public var kind: String
        public var status: String
        public var attempts: Int
        public var nextAttemptAt: String?
        public var lastError: String?
    }

    public struct Audit: Encodable, Sendable {
        public var at: String
        public var actor: String
        public var event: String
        public var detail: String
    }

    public var id: String
    public var state: String
    public var deliveryMode: String
    public var hireDate: String
    public var source: String
    public var identity: HireIdentity
    public var recipients: Recipients
    public var steps: [Step]
    public var failureReason: String?
    public var escalationReason: String?
    /// Administrators' re-send requests so far.
    public var resends: Int
    public var createdAt: String
    public var updatedAt: String
    public var audit: [Audit]?

    public init(_ onboarding: OnboardingCase, audit: [AuditEvent]? = nil) {
        id = onboarding.id.rawValue
        state = onboarding.state.rawValue
        deliveryMode = onboarding.deliveryMode.rawValue
        hireDate = Self.day(onboarding.hireDate)
        source = onboarding.source
        identity = onboarding.identity
        recipients = onboarding.recipients
        steps = onboarding.steps.map { Step(kind: $0.kind.rawValue, status: $0.status.rawValue, attempts: $0.attempts,
                                            nextAttemptAt: $0.nextAttemptAt.map(Self.time), lastError: $0.lastError) }
        failureReason = onboarding.failureReason
        escalationReason = onboarding.escalationReason
        resends = onboarding.resendCount
        createdAt = Self.time(onboarding.createdAt)
        updatedAt = Self.time(onboarding.updatedAt)
        self.audit = audit?.map { Audit(at: Self.time($0.at), actor: $0.actor, event: $0.event, detail: $0.detail) }
    }

    static func time(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }
    public static func day(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        return formatter.string(from: date)
    }

    public var text: String {
        var lines = [
            "case \(id)  \(state.uppercased())",
            "  hire: \(identity.displayName ?? identity.samAccountName ?? identity.userPrincipalName ?? identity.employeeID ?? "?")  employeeID \(identity.employeeID ?? "-")  UPN \(identity.userPrincipalName ?? "-")  sAMAccountName \(identity.samAccountName ?? "-")",
            "  hire date \(hireDate), delivery \(deliveryMode), from \(source)\(resends > 0 ? ", re-sent \(resends)×" : "")",
        ]
        if let failureReason { lines.append("  FAILED: \(failureReason)") }
        if let escalationReason { lines.append("  ESCALATED: \(escalationReason)") }
        lines.append("  steps:")
        for step in steps {
            var line = "    \(step.status == "succeeded" ? "✔" : step.status == "failed" ? "✘" : "·") \(step.kind.padding(toLength: 19, withPad: " ", startingAt: 0)) \(step.status)"
            if step.attempts > 0 { line += ", \(step.attempts) attempt\(step.attempts == 1 ? "" : "s")" }
            if let next = step.nextAttemptAt, step.status == "pending" { line += ", next \(next)" }
            if let error = step.lastError { line += " — \(error)" }
            lines.append(line)
        }
        if let audit {
            lines.append("  audit:")
            for entry in audit { lines.append("    \(entry.at) \(entry.actor) \(entry.event): \(entry.detail)") }
        }
        return lines.joined(separator: "\n")
    }
}
