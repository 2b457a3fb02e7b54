public import Hummingbird
import Foundation
public import HTTPTypes
public import Onboarding

/// Every error the API returns: a status and a JSON body naming the code, a sentence, and for
/// bad input each field with its reason. Never a secret, never a stack trace.
public struct APIError: Error, HTTPResponseError, Sendable {
    public var status: HTTPResponse.Status
    public var code: String
    public var message: String
    public var problems: [IntakeProblem]
    var extraHeaders: HTTPFields = [:]

    public init(_ status: HTTPResponse.Status, code: String, message: String, problems: [IntakeProblem] = []) {
        self.status = status
        self.code = code
        self.message = message
        self.problems = problems
    }

    struct Body: Encodable {
        struct Detail: Encodable {
            var code: String
            var message: String
            var problems: [IntakeProblem]?
        }
        var error: Detail
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(Body(error: .init(code: code, message: message, problems: problems.isEmpty ? nil : problems)))
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"]
        headers.append(contentsOf: extraHeaders)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func unauthorized(_ message: String) -> APIError {
        var error = APIError(.unauthorized, code: "unauthorized", message: message)
        error.extraHeaders = [.wwwAuthenticate: "Bearer realm=\"firstkey\""]
        return error
    }
}
