public import Foundation
public import NIOHTTP1

/// One HTTP exchange with Entra or Graph, as plain data. Built by pure request builders and
/// carried out by a `MicrosoftHTTPTransport`.
public struct MicrosoftHTTPRequest: Sendable {
    public var method: HTTPMethod
    public var url: URL
    public var headers: HTTPHeaders
    public var body: [UInt8]?
    /// Metric and log label, e.g. `token`, `get_user`.
    public var operation: String
    /// Whether sending it twice is harmless; decides which failures may be retried.
    public var idempotency: Idempotency

    public enum Idempotency: Sendable, Hashable {
        /// Reads, deletes and writes whose repetition does no harm.
        case idempotent
        /// Sending twice could act twice (a mail, a one-time code redemption): retried only when the
        /// service says it did not process the request (429, 503, 504) or nothing was sent.
        case notIdempotent
    }

    public init(method: HTTPMethod, url: URL, headers: HTTPHeaders = [:], body: [UInt8]? = nil, operation: String, idempotency: Idempotency = .idempotent) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.operation = operation
        self.idempotency = idempotency
    }
}

/// A complete response; bodies from these APIs are small, so they are collected whole.
public struct MicrosoftHTTPResponse: Sendable {
    public var status: HTTPResponseStatus
    public var headers: HTTPHeaders
    public var body: [UInt8]

    public init(status: HTTPResponseStatus, headers: HTTPHeaders = [:], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}
