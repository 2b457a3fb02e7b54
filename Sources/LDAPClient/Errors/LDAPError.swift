public import LDAP

/// Anything that goes wrong talking to a directory. `description` is a sentence an administrator
/// can act on and never contains a secret; the server's own words are kept in `result`.
public struct LDAPError: Error, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case resultCode, connectFailed, tlsFailed, connectionClosed, timeout, protocolViolation,
                 decodingFailed, noServerAvailable, invalidConfiguration, disconnectNotice
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The server answered with a result code other than success.
        public static let resultCode = Code(.resultCode)
        public static let connectFailed = Code(.connectFailed)
        /// TLS could not be established or the certificate failed verification.
        public static let tlsFailed = Code(.tlsFailed)
        public static let connectionClosed = Code(.connectionClosed)
        public static let timeout = Code(.timeout)
        /// The server sent something LDAP does not allow (e.g. an unknown message ID).
        public static let protocolViolation = Code(.protocolViolation)
        public static let decodingFailed = Code(.decodingFailed)
        /// Every configured server failed.
        public static let noServerAvailable = Code(.noServerAvailable)
        public static let invalidConfiguration = Code(.invalidConfiguration)
        /// The server announced it is closing the connection (RFC 4511 §4.4.1).
        public static let disconnectNotice = Code(.disconnectNotice)

        public var description: String { "\(base)" }
    }

    public var code: Code
    /// The LDAP operation, e.g. `bindRequest`.
    public var operation: String?
    /// The server's result when it answered.
    public var result: LDAPResult?
    /// The server, as `host:port`.
    public var server: String?
    /// Extra detail for people (no secrets).
    public var detail: String?
    public var underlying: (any Error)?

    public init(_ code: Code, operation: String? = nil, result: LDAPResult? = nil, server: String? = nil, detail: String? = nil, underlying: (any Error)? = nil) {
        self.code = code
        self.operation = operation
        self.result = result
        self.server = server
        self.detail = detail
        self.underlying = underlying
    }

    public var resultCode: LDAPResultCode? { result?.resultCode }

    public var description: String {
        var text: String
        switch code {
        case .resultCode:
            let result = result ?? LDAPResult(resultCode: .other)
            text = "\(operation ?? "operation") failed with \(result.resultCode)"
            if !result.diagnosticMessage.isEmpty { text += ": \(result.diagnosticMessage)" }
            if let referral = result.referral, !referral.isEmpty { text += " (referral to \(referral.joined(separator: ", ")); not followed)" }
        case .connectFailed: text = "could not connect"
        case .tlsFailed: text = "TLS failed"
        case .connectionClosed: text = "the connection closed before the \(operation ?? "operation") finished"
        case .timeout: text = "\(operation ?? "operation") timed out"
        case .protocolViolation: text = "the server broke the LDAP protocol"
        case .decodingFailed: text = "the server sent a message that could not be decoded"
        case .noServerAvailable: text = "no directory server could be reached"
        case .invalidConfiguration: text = "invalid LDAP configuration"
        case .disconnectNotice: text = "the server is closing the connection"
        default: text = "LDAP error"
        }
        if let server { text += " [\(server)]" }
        if let detail { text += " — \(detail)" }
        return text
    }
}
