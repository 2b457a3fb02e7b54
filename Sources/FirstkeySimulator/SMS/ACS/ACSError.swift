import HTTPTypes

/// A whole-request ACS failure: `{"error":{"code","message"}}` (the common ACS error body; its
/// use by `/sms` is (unverified), and the codes below are as observed or plausible).
struct ACSError: Error, Sendable {
    var status: HTTPResponse.Status
    var code: String
    var message: String

    init(_ status: HTTPResponse.Status, _ code: String, _ message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    /// What a request with a bad or missing HMAC signature gets (observed in Azure SDK issue reports).
    static let denied = ACSError(.unauthorized, "Denied", "Denied by the resource provider.")

    static func badRequest(_ message: String) -> ACSError {
        ACSError(.badRequest, "BadRequest", message)
    }

    var response: SimulatorResponse {
        .json(["error": ["code": .string(code), "message": .string(message)]], status: status)
    }
}
