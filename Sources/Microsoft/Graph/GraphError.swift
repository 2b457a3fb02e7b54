/// A Graph call failed. Keeps what support and an administrator need: the HTTP status, Graph's
/// `code` and message, `request-id` and the `client-request-id` Firstkey sent. `description`
/// explains the usual fix (mostly a missing permission); it never contains a token or a TAP.
public struct GraphError: Error, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case notFound, forbidden, unauthorized, badRequest, unsupportedQuery, throttled, serviceUnavailable,
                 serverError, unreachable, unexpectedResponse, invalidInput, refused
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// 404, `Request_ResourceNotFound`.
        public static let notFound = Code(.notFound)
        /// 403: a missing application permission, admin consent, or an access policy.
        public static let forbidden = Code(.forbidden)
        /// 401: the token was rejected even after fetching a new one.
        public static let unauthorized = Code(.unauthorized)
        public static let badRequest = Code(.badRequest)
        /// `Request_UnsupportedQuery`: a filter that needs an advanced query, or none Graph supports.
        public static let unsupportedQuery = Code(.unsupportedQuery)
        /// 429 after every retry.
        public static let throttled = Code(.throttled)
        /// 503/504 after every retry.
        public static let serviceUnavailable = Code(.serviceUnavailable)
        /// Other 5xx after every retry.
        public static let serverError = Code(.serverError)
        /// No answer: DNS, firewall, proxy or TLS trust.
        public static let unreachable = Code(.unreachable)
        public static let unexpectedResponse = Code(.unexpectedResponse)
        /// Firstkey refused to send the request: the input cannot be valid.
        public static let invalidInput = Code(.invalidInput)
        /// Any other 4xx.
        public static let refused = Code(.refused)

        public var description: String { base.rawValue }

        static func from(status: Int, graphCode: String?) -> Code {
            switch (status, graphCode) {
            case (_, "Request_UnsupportedQuery"): .unsupportedQuery
            case (404, _): .notFound
            case (403, _): .forbidden
            case (401, _): .unauthorized
            case (429, _): .throttled
            case (503, _), (504, _): .serviceUnavailable
            case (500...599, _): .serverError
            case (400, _): .badRequest
            default: .refused
            }
        }
    }

    public var code: Code
    public var operation: GraphOperation
    public var httpStatus: Int?
    /// Graph's `error.code`, e.g. `Authorization_RequestDenied`. Branch on this, never on `message`.
    public var graphCode: String?
    public var message: String?
    public var requestID: String?
    public var clientRequestID: String?
    /// Firstkey's own reason, for `invalidInput`, `unexpectedResponse` and `unreachable`.
    public var detail: String?
    public var transportError: MicrosoftTransportError?

    public init(
        _ code: Code, operation: GraphOperation, httpStatus: Int? = nil, graphCode: String? = nil, message: String? = nil,
        requestID: String? = nil, clientRequestID: String? = nil, detail: String? = nil, transportError: MicrosoftTransportError? = nil
    ) {
        self.code = code
        self.operation = operation
        self.httpStatus = httpStatus
        self.graphCode = graphCode
        self.message = message
        self.requestID = requestID
        self.clientRequestID = clientRequestID
        self.detail = detail
        self.transportError = transportError
    }

    public var description: String {
        var text = "Microsoft Graph could not \(operation.summary)"
        if let httpStatus {
            text += " (HTTP \(httpStatus)\(graphCode.map { " \($0)" } ?? ""))"
        }
        if let message, !message.isEmpty { text += ": \(message)" }
        if let detail { text += ": \(detail)" }
        if let advice { text += ". \(advice)" }
        var ids: [String] = []
        if let requestID { ids.append("request-id \(requestID)") }
        if let clientRequestID { ids.append("client-request-id \(clientRequestID)") }
        if !ids.isEmpty { text += " [\(ids.joined(separator: ", "))]" }
        return text
    }

    public var debugDescription: String {
        var text = "\(description) [\(code)]"
        if let transportError { text += " — \(transportError.debugDescription)" }
        return text
    }

    /// What usually fixes it.
    public var advice: String? {
        switch code {
        case .forbidden where graphCode == "ErrorAccessDenied" && operation == .sendMail:
            "The sending mailbox is outside the Exchange ApplicationAccessPolicy for Firstkey's app, or Mail.Send is not granted"
        case .forbidden:
            "Firstkey's app registration needs the application permission \(operation.requiredPermission) with admin consent"
        case .unauthorized:
            "Graph rejected Firstkey's access token; check that the app registration and tenant ID are right"
        case .unsupportedQuery:
            "The filter needs an advanced query (ConsistencyLevel: eventual and $count=true) or is not supported"
        case .throttled:
            "Graph kept throttling the request; Firstkey will try again later"
        case .serviceUnavailable, .serverError:
            "Graph kept failing; Firstkey will try again later (check https://status.azure.com if it persists)"
        default:
            nil
        }
    }
}
