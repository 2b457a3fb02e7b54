public import Foundation

/// A Lifecycle Workflows custom task extension waiting for its callback: the
/// `taskProcessingResult` Entra created when it called the Logic App.
public struct SimulatedTaskProcessingResult: Sendable, Hashable {
    public var workflowID: String
    public var taskID: String
    public var taskProcessingResultID: String
    /// `callbackConfiguration.authorizedApps`: app IDs that may resume without the
    /// `LifecycleWorkflows.ReadWrite.All` permission.
    public var authorizedApps: [String]

    public init(workflowID: String = UUID().uuidString.lowercased(), taskID: String = UUID().uuidString.lowercased(),
                taskProcessingResultID: String = UUID().uuidString.lowercased(), authorizedApps: [String] = [])
    {
        self.workflowID = workflowID
        self.taskID = taskID
        self.taskProcessingResultID = taskProcessingResultID
        self.authorizedApps = authorizedApps
    }

    /// The `data.callbackUriPath` Entra sends in the callout (relative; exact text unverified).
    public var callbackURIPath: String {
        "/identityGovernance/lifecycleWorkflows/workflows/\(workflowID)/tasks/\(taskID)/taskProcessingResults/\(taskProcessingResultID)/microsoft.graph.identityGovernance.resume"
    }
}
