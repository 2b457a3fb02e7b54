/// The token endpoint refused a request, or could not be reached. `description` explains the
/// usual cause in plain words and keeps Entra's trace and correlation IDs (what Microsoft support
/// asks for); it never contains a secret, assertion or token.
public struct EntraError: Error, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case invalidClient, invalidScope, unauthorizedClient, consentRequired, invalidGrant, invalidRequest,
                 temporarilyUnavailable, refused, unreachable, unexpectedResponse, assertionFailed
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// `invalid_client`: wrong, expired or unknown client secret or certificate.
        public static let invalidClient = Code(.invalidClient)
        /// `invalid_scope` / `invalid_resource`: the scope or resource does not exist.
        public static let invalidScope = Code(.invalidScope)
        /// `unauthorized_client`: the app is unknown in this tenant or not allowed this grant.
        public static let unauthorizedClient = Code(.unauthorizedClient)
        /// `consent_required` / `interaction_required`: an administrator must grant consent.
        public static let consentRequired = Code(.consentRequired)
        /// `invalid_grant`: an authorization code that is expired, used, or for another redirect.
        public static let invalidGrant = Code(.invalidGrant)
        public static let invalidRequest = Code(.invalidRequest)
        public static let temporarilyUnavailable = Code(.temporarilyUnavailable)
        /// Any other error the endpoint returned.
        public static let refused = Code(.refused)
        /// No answer: DNS, firewall, proxy or TLS trust.
        public static let unreachable = Code(.unreachable)
        /// An answer that is not the documented JSON.
        public static let unexpectedResponse = Code(.unexpectedResponse)
        /// The client assertion could not be signed locally.
        public static let assertionFailed = Code(.assertionFailed)

        public var description: String { base.rawValue }

        static func fromOAuthError(_ error: String) -> Code {
            switch error {
            case "invalid_client": .invalidClient
            case "invalid_scope", "invalid_resource": .invalidScope
            case "unauthorized_client": .unauthorizedClient
            case "consent_required", "interaction_required": .consentRequired
            case "invalid_grant": .invalidGrant
            case "invalid_request", "unsupported_grant_type": .invalidRequest
            case "temporarily_unavailable": .temporarilyUnavailable
            default: .refused
            }
        }
    }

    public var code: Code
    /// HTTP status of the answer, if one arrived.
    public var httpStatus: Int?
    /// The OAuth `error` value, e.g. `invalid_client`.
    public var oauthError: String?
    /// `error_codes`, e.g. `[7000215]`.
    public var aadstsCodes: [Int]
    public var traceID: String?
    public var correlationID: String?
    /// What most likely went wrong, for an administrator.
    public var explanation: String
    public var suggestedFix: String?
    /// The first line of Entra's `error_description`, for `debugDescription`.
    public var serverMessage: String?
    /// Set when no answer arrived.
    public var transportError: MicrosoftTransportError?

    public init(
        _ code: Code, explanation: String, suggestedFix: String? = nil, httpStatus: Int? = nil, oauthError: String? = nil,
        aadstsCodes: [Int] = [], traceID: String? = nil, correlationID: String? = nil, serverMessage: String? = nil,
        transportError: MicrosoftTransportError? = nil
    ) {
        self.code = code
        self.explanation = explanation
        self.suggestedFix = suggestedFix
        self.httpStatus = httpStatus
        self.oauthError = oauthError
        self.aadstsCodes = aadstsCodes
        self.traceID = traceID
        self.correlationID = correlationID
        self.serverMessage = serverMessage
        self.transportError = transportError
    }

    public var description: String {
        var text = "Entra ID token request failed"
        var tags: [String] = []
        if let oauthError { tags.append(oauthError) }
        tags += aadstsCodes.map { "AADSTS\($0)" }
        if !tags.isEmpty { text += " (\(tags.joined(separator: ", ")))" }
        text += ": \(explanation)"
        if let suggestedFix { text += ". \(suggestedFix)" }
        var ids: [String] = []
        if let traceID { ids.append("trace ID \(traceID)") }
        if let correlationID { ids.append("correlation ID \(correlationID)") }
        if !ids.isEmpty { text += " [\(ids.joined(separator: ", "))]" }
        return text
    }

    public var debugDescription: String {
        var text = description
        if let httpStatus { text += " HTTP \(httpStatus)" }
        if let serverMessage { text += " — \(serverMessage)" }
        if let transportError { text += " — \(transportError.debugDescription)" }
        return text
    }
}
