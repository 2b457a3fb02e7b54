import HTTPTypes

/// A Twilio REST error: `{"code":21211,"message":"…","more_info":"https://www.twilio.com/docs/errors/21211","status":400}`.
/// Clients read `code` and `message`.
struct TwilioError: Error, Sendable {
    var status: HTTPResponse.Status
    var code: Int
    var message: String

    init(_ status: HTTPResponse.Status = .badRequest, _ code: Int, _ message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    static let authenticate = TwilioError(.unauthorized, 20003, "Authenticate")

    static func notFound(_ path: String) -> TwilioError {
        TwilioError(.notFound, 20404, "The requested resource \(path) was not found")
    }

    var response: SimulatorResponse {
        var response = SimulatorResponse.json([
            "code": .integer(code), "message": .string(message), "more_info": .string("https://www.twilio.com/docs/errors/\(code)"), "status": .integer(Int(status.code)),
        ], status: status)
        if status == .unauthorized { response.headers[.wwwAuthenticate] = #"Basic realm="Twilio API""# }
        return response
    }
}
