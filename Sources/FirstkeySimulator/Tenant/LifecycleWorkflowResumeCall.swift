public import Foundation

/// A call to the `resume` action that the simulator accepted (204).
public struct LifecycleWorkflowResumeCall: Sendable, Hashable {
    public var workflowID: String
    public var taskID: String
    public var taskProcessingResultID: String
    /// `Completed` or `Failed`.
    public var operationStatus: String
    public var source: String?
    public var type: String?
    /// The request body as received.
    public var body: JSONValue
    /// `appid`/`azp` of the caller's token.
    public var callerAppID: String
    /// The last path segment used: `resume` or `microsoft.graph.identityGovernance.resume`.
    public var actionSegment: String
    public var receivedAt: Date

    public init(workflowID: String, taskID: String, taskProcessingResultID: String, operationStatus: String, source: String?, type: String?,
                body: JSONValue, callerAppID: String, actionSegment: String, receivedAt: Date)
    {
        self.workflowID = workflowID
        self.taskID = taskID
        self.taskProcessingResultID = taskProcessingResultID
        self.operationStatus = operationStatus
        self.source = source
        self.type = type
        self.body = body
        self.callerAppID = callerAppID
        self.actionSegment = actionSegment
        self.receivedAt = receivedAt
    }
}
