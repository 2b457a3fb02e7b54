/// `{"data":{"operationStatus":…},"source":…,"type":"lifecycleEvent"}` (§6).
struct LifecycleWorkflowResumeBody: Encodable {
    struct Data: Encodable { var operationStatus: String }
    var data: Data
    var source: String
    var type: String

    init(status: LifecycleWorkflowOperationStatus) {
        data = Data(operationStatus: status.rawValue)
        source = "firstkey"
        type = "lifecycleEvent"
    }
}
