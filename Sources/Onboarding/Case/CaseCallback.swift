public import Foundation

/// Someone outside waits for this case's outcome and must be told — durably, with retries:
/// today a Lifecycle Workflows custom task extension, which waits for a `resume` call with
/// Completed or Failed. It lives in the case document, so it survives crashes like the steps do.
public struct CaseCallback: Hashable, Sendable, Codable {
    public enum Outcome: String, Hashable, Sendable, Codable {
        case completed = "Completed"
        case failed = "Failed"
    }

    public enum Status: String, Hashable, Sendable, Codable {
        /// The case has not reached an outcome yet.
        case waiting
        /// The outcome is known and must be reported at `nextAttemptAt`.
        case due
        case sent
        /// Reporting failed for good (refused, or retried past the limit); audited.
        case abandoned
    }

    /// The Lifecycle Workflow task processing result to resume.
    public var workflowID: String
    public var taskID: String
    public var taskProcessingResultID: String
    public var status: Status
    public var outcome: Outcome?
    public var attempts: Int
    public var dueSince: Date?
    public var nextAttemptAt: Date?
    public var lastError: String?

    public init(workflowID: String, taskID: String, taskProcessingResultID: String) {
        self.workflowID = workflowID
        self.taskID = taskID
        self.taskProcessingResultID = taskProcessingResultID
        status = .waiting
        attempts = 0
    }

    /// Due now or earlier.
    public func isDue(at now: Date) -> Bool {
        status == .due && (nextAttemptAt ?? now) <= now
    }
}

extension OnboardingCase {
    /// When a worker should next pick the case up: its current step, or a report that is due —
    /// which may outlive the case's last step.
    public var nextDueAt: Date? {
        let step = state.isTerminal ? nil : currentStep?.nextAttemptAt
        let report = callback?.status == .due ? callback?.nextAttemptAt : nil
        switch (step, report) {
        case let (step?, report?): return min(step, report)
        case let (step?, nil): return step
        case let (nil, report?): return report
        case (nil, nil): return nil
        }
    }
}
