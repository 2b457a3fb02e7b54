import Foundation
import NIOHTTP1

/// `{"error":{"code","message","innerError":{"request-id","client-request-id","date",…}}}` — the
/// shape of every Graph error.
struct GraphErrorBody: Decodable, Equatable {
    struct Detail: Decodable, Equatable {
        var code: String?
        var message: String?
        var innerError: Inner?
    }

    struct Inner: Decodable, Equatable {
        var requestID: String?
        var clientRequestID: String?
        var code: String?

        enum CodingKeys: String, CodingKey {
            case requestID = "request-id"
            case clientRequestID = "client-request-id"
            case code
        }
    }

    var error: Detail

    /// Builds the error for a non-success response; works on empty and non-JSON bodies too.
    static func graphError(from response: MicrosoftHTTPResponse, operation: GraphOperation, sentClientRequestID: String?) -> GraphError {
        let status = Int(response.status.code)
        let body = try? JSONDecoder().decode(GraphErrorBody.self, from: Data(response.body))
        return GraphError(
            .from(status: status, graphCode: body?.error.code), operation: operation, httpStatus: status,
            graphCode: body?.error.code, message: body?.error.message,
            requestID: body?.error.innerError?.requestID ?? response.headers.first(name: "request-id"),
            clientRequestID: body?.error.innerError?.clientRequestID ?? response.headers.first(name: "client-request-id") ?? sentClientRequestID)
    }
}
