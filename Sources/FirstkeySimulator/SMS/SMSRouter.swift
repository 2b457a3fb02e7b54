import Foundation
import HTTPTypes

/// The SMS providers' paths on the shared listener: ACS `/sms`, Twilio `/2010-04-01/…`, and the
/// Event Grid manual validation URL `/eventsubscriptions/{name}/validate`.
enum SMSRouter {
    static func isACSPath(_ segments: [String]) -> Bool { segments == ["sms"] }
    static func isTwilioPath(_ segments: [String]) -> Bool { segments.first == "2010-04-01" }
    static func isEventGridPath(_ segments: [String]) -> Bool { segments.first == "eventsubscriptions" }

    static func servesPath(_ segments: [String]) -> Bool {
        isACSPath(segments) || isTwilioPath(segments) || isEventGridPath(segments)
    }

    static func handle(_ request: SimulatorRequest, core: SimulatorCore) -> SimulatorResponse {
        let segments = request.segments
        if isACSPath(segments) { return SMSSendEndpoint.handle(request, core: core) }
        if isTwilioPath(segments) { return TwilioMessagesEndpoint.handle(request, core: core) }
        if segments.count == 3, segments[2] == "validate", request.method == .get {
            return EventGridHandshake.validateManually(request, name: segments[1], core: core)
        }
        return .json(["error": ["code": "NotFound", "message": .string("No simulated endpoint at \(request.path).")]], status: .notFound)
    }

    /// An injected 429/5xx in the shape of the SMS service the path belongs to; nil for other
    /// paths. ACS's codes and Twilio's 20429/20500/20503 bodies are (unverified).
    static func faultResponse(status: Int, for request: SimulatorRequest) -> SimulatorResponse? {
        let segments = request.segments
        if isTwilioPath(segments) {
            let (code, message): (Int, String) = switch status {
            case 429: (20429, "Too Many Requests")
            case 503: (20503, "Service Unavailable")
            default: (20500, "Internal Server Error")
            }
            return TwilioError(.init(code: status), code, message).response
        }
        if isACSPath(segments) || isEventGridPath(segments) {
            let (code, message): (String, String) = switch status {
            case 429: ("TooManyRequests", "Too many requests. Retry after the interval in the Retry-After header.")
            case 503: ("ServiceUnavailable", "The service is temporarily unavailable.")
            case 504: ("GatewayTimeout", "The gateway timed out.")
            default: ("InternalServerError", "An internal server error occurred.")
            }
            return SMSSendEndpoint.decorate(ACSError(.init(code: status), code, message).response, for: request)
        }
        return nil
    }
}
