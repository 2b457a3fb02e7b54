import Foundation
import HTTPTypes

/// A token-endpoint error in Entra's shape: `error`, `error_description` (AADSTS code, message,
/// trace and correlation IDs, timestamp), `error_codes`, `timestamp`, `trace_id`, `correlation_id`.
struct TokenError: Error, Sendable {
    var status: HTTPResponse.Status
    var error: String
    var code: Int
    var message: String

    init(_ status: HTTPResponse.Status = .badRequest, _ error: String, _ code: Int, _ message: String) {
        self.status = status
        self.error = error
        self.code = code
        self.message = message
    }

    static func missingParameter(_ name: String) -> TokenError {
        TokenError(.badRequest, "invalid_request", 900144, "The request body must contain the following parameter: '\(name)'.")
    }

    func body(now: Date, correlationID: String?) -> JSONValue {
        let traceID = UUID().uuidString.lowercased()
        let correlation = correlationID ?? UUID().uuidString.lowercased()
        let timestamp = GraphDate.formatTokenTimestamp(now)
        return [
            "error": .string(error),
            "error_description": .string("AADSTS\(code): \(message)\r\nTrace ID: \(traceID)\r\nCorrelation ID: \(correlation)\r\nTimestamp: \(timestamp)"),
            "error_codes": [.integer(code)],
            "timestamp": .string(timestamp),
            "trace_id": .string(traceID),
            "correlation_id": .string(correlation),
        ]
    }

    func response(for request: SimulatorRequest, now: Date) -> SimulatorResponse {
        var response = SimulatorResponse.json(body(now: now, correlationID: request.headers[HTTPField.Name("client-request-id")!]), status: status)
        response.headers[.cacheControl] = "no-store, no-cache"
        return response
    }
}
