/// How the custom task ended, as Lifecycle Workflows records it.
public enum LifecycleWorkflowOperationStatus: String, Sendable, Hashable {
    case completed = "Completed"
    case failed = "Failed"
}
