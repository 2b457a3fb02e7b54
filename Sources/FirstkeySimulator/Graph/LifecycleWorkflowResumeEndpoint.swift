import Foundation
import HTTPTypes

/// `POST /identityGovernance/lifecycleWorkflows/workflows/{wf}/tasks/{task}/taskProcessingResults/{tpr}/resume`
/// (also with the final segment `microsoft.graph.identityGovernance.resume`). Allowed with
/// `LifecycleWorkflows.ReadWrite.All`, or for an app listed in the extension's `authorizedApps`.
/// Body: `data.operationStatus` `Completed` | `Failed`. → 204.
///
/// Resuming an unknown result is 404, a result already resumed is 400; both codes (unverified).
enum LifecycleWorkflowResumeEndpoint {
    static let permission = "LifecycleWorkflows.ReadWrite.All"

    static func resume(_ request: SimulatorRequest, workflowID: String, taskID: String, resultID: String, action: String, caller: GraphCaller,
                       context: GraphRequestContext, core: SimulatorCore) throws(GraphError) -> SimulatorResponse
    {
        let key = resultID.lowercased()
        let (pending, completed) = core.withState { ($0.pendingTaskProcessingResults[key], $0.completedTaskProcessingResults[key]) }
        let hasPermission = caller.holds(anyOf: [permission])
        func matches(_ result: SimulatedTaskProcessingResult?) -> SimulatedTaskProcessingResult? {
            result.flatMap { $0.workflowID.lowercased() == workflowID.lowercased() && $0.taskID.lowercased() == taskID.lowercased() ? $0 : nil }
        }
        func authorized(_ result: SimulatedTaskProcessingResult) -> Bool {
            hasPermission || result.authorizedApps.contains { $0.lowercased() == caller.appID.lowercased() }
        }
        if let done = matches(completed) {
            guard authorized(done) else { throw GraphError.insufficientPrivileges }
            throw GraphError.badRequest("The task processing result '\(resultID)' is not waiting for a callback.")
        }
        guard let target = matches(pending) else {
            guard hasPermission else { throw GraphError.insufficientPrivileges }
            throw GraphError.notFound(resultID)
        }
        guard authorized(target) else { throw GraphError.insufficientPrivileges }
        guard let body = request.jsonBody, body.objectValue != nil else {
            throw GraphError(.badRequest, "BadRequest", "Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.")
        }
        guard let status = body["data"]?["operationStatus"]?.stringValue, status == "Completed" || status == "Failed" else {
            throw GraphError.badRequest("The request body must contain data.operationStatus with the value 'Completed' or 'Failed'.")
        }
        let call = LifecycleWorkflowResumeCall(workflowID: target.workflowID, taskID: target.taskID, taskProcessingResultID: target.taskProcessingResultID,
                                               operationStatus: status, source: body["source"]?.stringValue, type: body["type"]?.stringValue, body: body,
                                               callerAppID: caller.appID, actionSegment: action, receivedAt: core.now)
        core.withState { state in
            state.pendingTaskProcessingResults[key] = nil
            state.completedTaskProcessingResults[key] = target
            state.resumeCalls.append(call)
        }
        return context.empty(.noContent)
    }
}
