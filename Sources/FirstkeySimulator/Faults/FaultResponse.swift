import Foundation
import HTTPTypes

/// The body of an injected 429/5xx, in the shape of the service the path belongs to.
enum FaultResponse {
    static func make(status: Int, retryAfter: Double?, for request: SimulatorRequest, core: SimulatorCore) -> SimulatorResponse {
        if var response = SMSRouter.faultResponse(status: status, for: request) {
            if let retryAfter { response.headers[.retryAfter] = format(retryAfter) }
            return response
        }
        let now = core.now
        var response: SimulatorResponse
        if SimulatorRouter.isGraphPath(request.segments) {
            let context = GraphRequestContext(request: request, now: now)
            var error: GraphError
            switch status {
            case 429:
                error = GraphError(.tooManyRequests, "TooManyRequests", "Please retry again later.")
                error.innerError = [("code", "429"), ("status", "429"), ("message", "Please retry after")]
            case 503:
                // Code and message of Graph's 503 (unverified).
                error = GraphError(.serviceUnavailable, "serviceNotAvailable", "Service is temporarily unavailable. Please retry later.")
            case 504:
                error = GraphError(.gatewayTimeout, "UnknownError", "Gateway timeout.")
            default:
                error = GraphError(HTTPResponse.Status(code: status), "generalException", "An unexpected error occurred.")
            }
            response = error.response(context: context)
        } else {
            // Throttling and outages of the STS: `temporarily_unavailable` is in the documented
            // error list; the AADSTS number is (unverified).
            let error = TokenError(HTTPResponse.Status(code: status), status == 429 ? "temporarily_unavailable" : "temporarily_unavailable", 90033,
                                   "A transient error has occurred. Please try again.")
            response = error.response(for: request, now: now)
        }
        if let retryAfter {
            response.headers[.retryAfter] = format(retryAfter)
        }
        return response
    }

    /// `10` for whole seconds, `2.128` otherwise, as Graph's samples show both.
    static func format(_ seconds: Double) -> String {
        seconds.rounded() == seconds ? String(Int(seconds)) : String(seconds)
    }
}
