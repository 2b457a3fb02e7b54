import Foundation
import HTTPTypes

/// A Graph error: `{"error":{"code","message","innerError":{"date","request-id","client-request-id"}}}`.
/// Callers branch on `code`; `message` is for people.
struct GraphError: Error, Sendable {
    var status: HTTPResponse.Status
    var code: String
    var message: String
    /// Extra `innerError` members (throttling adds `code`, `status`, `message`).
    var innerError: [(String, JSONValue)] = []
    var headers: HTTPFields = [:]

    init(_ status: HTTPResponse.Status, _ code: String, _ message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    static func notFound(_ id: String) -> GraphError {
        GraphError(.notFound, "Request_ResourceNotFound",
                   "Resource '\(id)' does not exist or one of its queried reference-property objects are not present.")
    }

    static func badRequest(_ message: String) -> GraphError {
        GraphError(.badRequest, "Request_BadRequest", message)
    }

    static func unsupportedQuery(_ message: String) -> GraphError {
        GraphError(.badRequest, "Request_UnsupportedQuery", message)
    }

    static let insufficientPrivileges = GraphError(.forbidden, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.")

    static func invalidToken(_ message: String) -> GraphError {
        var error = GraphError(.unauthorized, "InvalidAuthenticationToken", message)
        // Graph's 401s name the STS to get a token from.
        error.headers[.wwwAuthenticate] = #"Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000""#
        return error
    }

    func body(context: GraphRequestContext) -> JSONValue {
        let inner: [(String, JSONValue)] = innerError + [
            ("date", .string(GraphDate.formatInnerErrorDate(context.date))),
            ("request-id", .string(context.requestID)),
            ("client-request-id", .string(context.clientRequestID)),
        ]
        return ["error": ["code": .string(code), "message": .string(message), "innerError": .object(inner)]]
    }

    func response(context: GraphRequestContext) -> SimulatorResponse {
        var response = SimulatorResponse.json(body(context: context), status: status)
        for field in headers { response.headers.append(field) }
        return context.decorate(response)
    }
}
