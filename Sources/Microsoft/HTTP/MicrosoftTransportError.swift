/// No HTTP response arrived. `sentRequest` says whether the request may have reached the service,
/// which decides whether a non-idempotent request may be repeated.
public struct MicrosoftTransportError: Error, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case connectFailed, tlsFailed, timedOut, connectionLost, responseTooLarge
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// Name resolution or TCP connect failed: nothing was sent.
        public static let connectFailed = Code(.connectFailed)
        /// The TLS handshake failed, typically an untrusted certificate: nothing was sent.
        public static let tlsFailed = Code(.tlsFailed)
        public static let timedOut = Code(.timedOut)
        public static let connectionLost = Code(.connectionLost)
        public static let responseTooLarge = Code(.responseTooLarge)

        public var description: String { base.rawValue }
    }

    public var code: Code
    /// Host and path, never the query (it can hold filter values) and never headers.
    public var target: String
    public var sentRequest: Bool
    /// The underlying error's text, for `debugDescription` only.
    public var underlying: String

    public init(_ code: Code, target: String, sentRequest: Bool, underlying: String) {
        self.code = code
        self.target = target
        self.sentRequest = sentRequest
        self.underlying = underlying
    }

    public var description: String {
        switch code {
        case .connectFailed: "Could not connect to \(target); check DNS, the firewall and the outbound proxy"
        case .tlsFailed: "The TLS handshake with \(target) failed; the server certificate is not trusted or the connection is intercepted"
        case .timedOut: "\(target) did not answer in time"
        case .responseTooLarge: "\(target) sent a larger response than Firstkey accepts"
        default: "The connection to \(target) was lost before the answer arrived"
        }
    }
}

extension MicrosoftTransportError: CustomDebugStringConvertible {
    public var debugDescription: String { "\(description) [\(code)]: \(underlying)" }
}
