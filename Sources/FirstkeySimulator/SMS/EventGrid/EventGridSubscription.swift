public import Foundation

/// An Event Grid event subscription on ACS resources' system topic, delivering
/// `Microsoft.Communication.SMSDeliveryReportReceived` events (Event Grid schema) to a webhook.
public struct EventGridSubscription: Sendable, Hashable {
    public enum State: Sendable, Hashable {
        /// The endpoint echoed the validation code: events are delivered.
        case active
        /// The endpoint answered 200 without the code: it must `GET` `validationURL` before
        /// `expiresAt` (Event Grid's manual handshake).
        case awaitingManualValidation(validationURL: String, expiresAt: Date)
    }

    /// Unique in the simulator (case-insensitive), like an Azure resource name.
    public var name: String
    /// `https://…` (Event Grid delivers only to HTTPS), loopback only. The simulator still takes
    /// `http://127.0.0.1:…` for a subscription without Entra authentication (tests of the
    /// plain delivery); with it, like Event Grid, only `https`.
    public var endpoint: String
    /// The ACS resource whose events it receives; nil = every registered resource.
    public var resourceName: String?
    /// Secure webhook delivery: every request (the handshake too) carries an Entra bearer token.
    public var entraAuthentication: EventGridEntraAuthentication?
    public var state: State

    public init(name: String, endpoint: String, resourceName: String? = nil, entraAuthentication: EventGridEntraAuthentication? = nil, state: State = .active) {
        self.name = name
        self.endpoint = endpoint
        self.resourceName = resourceName
        self.entraAuthentication = entraAuthentication
        self.state = state
    }

    public var isActive: Bool { state == .active }

    var json: JSONValue {
        var members: [(String, JSONValue)] = [("name", .string(name)), ("endpoint", .string(endpoint)), ("resource", .optional(resourceName))]
        if let entraAuthentication { members.append(("entraAuthentication", entraAuthentication.json)) }
        switch state {
        case .active:
            members.append(("state", "active"))
        case .awaitingManualValidation(let url, let expiresAt):
            members += [("state", "awaitingManualValidation"), ("validationUrl", .string(url)), ("expiresAt", .string(GraphDate.format(expiresAt)))]
        }
        return .object(members)
    }
}

/// Why Event Grid refused to create a subscription: the endpoint failed the validation handshake.
public struct EventGridSubscriptionError: Error, Sendable, CustomStringConvertible {
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Value: Sendable, Hashable { case invalidEndpoint, unreachable, certificateRejected, refused, wrongValidationCode, unknownResource, duplicateName, entraTokenUnavailable }
        private let value: Value
        private init(_ value: Value) { self.value = value }
        /// Not an absolute http(s) URL on loopback, or not https with Entra authentication.
        public static let invalidEndpoint = Code(.invalidEndpoint)
        /// No connection, or no answer in time.
        public static let unreachable = Code(.unreachable)
        /// TLS failed: the endpoint's certificate is self-signed or not trusted.
        public static let certificateRejected = Code(.certificateRejected)
        /// The endpoint answered something other than 200.
        public static let refused = Code(.refused)
        /// 200, but `validationResponse` is not the code that was sent.
        public static let wrongValidationCode = Code(.wrongValidationCode)
        public static let unknownResource = Code(.unknownResource)
        public static let duplicateName = Code(.duplicateName)
        /// Entra delivery is configured, but no token can be had for it (another tenant, no
        /// application with that ID or URI), so Event Grid cannot call the endpoint.
        public static let entraTokenUnavailable = Code(.entraTokenUnavailable)
        public var description: String { "\(value)" }
    }

    public var code: Code
    /// The endpoint's HTTP status, when it answered.
    public var status: Int?
    public var description: String

    init(_ code: Code, _ description: String, status: Int? = nil) {
        self.code = code
        self.description = description
        self.status = status
    }
}
