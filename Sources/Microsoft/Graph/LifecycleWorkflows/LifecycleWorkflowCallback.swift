import Foundation

/// Which task processing result to resume (§6): the three IDs, taken from the callout or from
/// its `callbackUriPath`.
public struct LifecycleWorkflowCallback: Sendable, Hashable {
    public var workflowID: String
    public var taskID: String
    public var taskProcessingResultID: String

    public init(workflowID: String, taskID: String, taskProcessingResultID: String) throws(GraphError) {
        for (name, value) in [("workflow", workflowID), ("task", taskID), ("task processing result", taskProcessingResultID)] where !Self.isIdentifier(value) {
            throw GraphError(.invalidInput, operation: .resumeLifecycleWorkflow, detail: "the \(name) ID '\(value)' is not a Lifecycle Workflows identifier")
        }
        self.workflowID = workflowID
        self.taskID = taskID
        self.taskProcessingResultID = taskProcessingResultID
    }

    /// Parses `…/workflows/{wf}/tasks/{task}/taskProcessingResults/{tpr}/microsoft.graph.identityGovernance.resume`
    /// (or `…/resume`), relative or as a full Graph URL of any version.
    public init(callbackURIPath: String) throws(GraphError) {
        let path = URL(string: callbackURIPath).flatMap { $0.host == nil ? nil : $0.path } ?? callbackURIPath
        let segments = path.split(separator: "/").map(String.init)
        func value(after name: String) -> String? {
            guard let index = segments.firstIndex(where: { $0.caseInsensitiveCompare(name) == .orderedSame }), index + 1 < segments.count else { return nil }
            return segments[index + 1]
        }
        guard let workflow = value(after: "workflows"), let task = value(after: "tasks"), let result = value(after: "taskProcessingResults"),
              segments.contains(where: { $0.caseInsensitiveCompare("lifecycleWorkflows") == .orderedSame })
        else {
            throw GraphError(.invalidInput, operation: .resumeLifecycleWorkflow, detail: "the callback path is not a Lifecycle Workflows taskProcessingResults path")
        }
        try self.init(workflowID: workflow, taskID: task, taskProcessingResultID: result)
    }

    /// Path segments of the v1.0 resume action, below the Graph base URL.
    var resumeSegments: [String] {
        ["identityGovernance", "lifecycleWorkflows", "workflows", workflowID, "tasks", taskID, "taskProcessingResults", taskProcessingResultID, "resume"]
    }

    private static func isIdentifier(_ value: String) -> Bool {
        !value.isEmpty && value.count <= 128 && value.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
    }
}
