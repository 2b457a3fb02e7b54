import Foundation
import NIOHTTP1

/// One Graph call as data: everything but the bearer token. Built by `GraphRequests`, sent by
/// `GraphClient`.
struct GraphRequest: Sendable {
    var operation: GraphOperation
    var method: HTTPMethod
    var url: URL
    var headers: HTTPHeaders
    var body: [UInt8]?
    var idempotency: MicrosoftHTTPRequest.Idempotency

    init(_ operation: GraphOperation, _ method: HTTPMethod, url: URL, headers: HTTPHeaders = [:], body: [UInt8]? = nil,
         idempotency: MicrosoftHTTPRequest.Idempotency = .idempotent) {
        self.operation = operation
        self.method = method
        self.url = url
        self.headers = headers
        self.headers.replaceOrAdd(name: "Accept", value: "application/json")
        if body != nil { self.headers.replaceOrAdd(name: "Content-Type", value: "application/json") }
        self.body = body
        self.idempotency = idempotency
    }

    /// The same request for the next page: a new URL, the same headers (Graph does not carry
    /// `ConsistencyLevel` over to `@odata.nextLink`).
    func following(_ nextLink: URL) -> GraphRequest {
        var copy = self
        copy.url = nextLink
        return copy
    }

    func httpRequest(authorization: String) -> MicrosoftHTTPRequest {
        var headers = headers
        headers.replaceOrAdd(name: "Authorization", value: authorization)
        return MicrosoftHTTPRequest(method: method, url: url, headers: headers, body: body, operation: operation.name, idempotency: idempotency)
    }
}
