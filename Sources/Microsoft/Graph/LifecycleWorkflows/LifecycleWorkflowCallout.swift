import Foundation

/// The custom task extension's callout body as the Logic App forwards it to Firstkey (§6). Only
/// the `data` object is read; `source` and `type` are kept as text because the values Entra sends
/// are not documented (**unverified**).
public struct LifecycleWorkflowCallout: Sendable, Hashable {
    public struct Subject: Sendable, Hashable {
        /// The user's object ID.
        public var id: String
        public var displayName: String?
        public var email: String?
        public var userPrincipalName: String?
        public var managerID: String?
        public var managerDisplayName: String?
        public var managerEmail: String?
    }

    public var source: String?
    public var type: String?
    public var subject: Subject
    public var workflowDisplayName: String?
    public var taskDisplayName: String?
    public var callback: LifecycleWorkflowCallback

    /// Parses and checks the body; the error names what is missing.
    public static func parse(_ body: some Collection<UInt8>) throws(GraphError) -> LifecycleWorkflowCallout {
        let wire: Wire
        do {
            wire = try JSONDecoder().decode(Wire.self, from: Data(body))
        } catch {
            throw GraphError(.invalidInput, operation: .resumeLifecycleWorkflow, detail: "the callout body is not the Lifecycle Workflows JSON shape")
        }
        guard let subject = wire.data.subject, let subjectID = subject.id, !subjectID.isEmpty else {
            throw GraphError(.invalidInput, operation: .resumeLifecycleWorkflow, detail: "the callout has no data.subject.id")
        }
        let callback: LifecycleWorkflowCallback
        if let workflow = wire.data.workflow?.id, let task = wire.data.task?.id, let result = wire.data.taskProcessingResult?.id {
            callback = try LifecycleWorkflowCallback(workflowID: workflow, taskID: task, taskProcessingResultID: result)
        } else if let path = wire.data.callbackUriPath {
            callback = try LifecycleWorkflowCallback(callbackURIPath: path)
        } else {
            throw GraphError(.invalidInput, operation: .resumeLifecycleWorkflow, detail: "the callout has neither workflow/task/taskProcessingResult IDs nor data.callbackUriPath")
        }
        return LifecycleWorkflowCallout(
            source: wire.source, type: wire.type,
            subject: Subject(
                id: subjectID, displayName: subject.displayName, email: subject.email, userPrincipalName: subject.userPrincipalName,
                managerID: subject.manager?.id, managerDisplayName: subject.manager?.displayName, managerEmail: subject.manager?.email),
            workflowDisplayName: wire.data.workflow?.displayName, taskDisplayName: wire.data.task?.displayName, callback: callback)
    }

    private struct Wire: Decodable {
        struct Named: Decodable {
            var id: String?
            var displayName: String?
            var email: String?
        }

        struct SubjectWire: Decodable {
            var id: String?
            var displayName: String?
            var email: String?
            var userPrincipalName: String?
            var manager: Named?
        }

        struct DataWire: Decodable {
            var callbackUriPath: String?
            var subject: SubjectWire?
            var task: Named?
            var taskProcessingResult: Named?
            var workflow: Named?
        }

        var source: String?
        var type: String?
        var data: DataWire
    }
}
