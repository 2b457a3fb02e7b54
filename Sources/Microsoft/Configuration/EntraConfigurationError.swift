/// A configuration value cannot work. `description` names the field and says what to enter;
/// it never contains a secret or key material.
public struct EntraConfigurationError: Error, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case missingValue, invalidValue, insecureTransport, unreadableCertificate, unreadablePrivateKey,
                 keyDoesNotMatchCertificate, unreadableTrustedCertificate
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        public static let missingValue = Code(.missingValue)
        public static let invalidValue = Code(.invalidValue)
        /// A non-loopback URL without TLS.
        public static let insecureTransport = Code(.insecureTransport)
        public static let unreadableCertificate = Code(.unreadableCertificate)
        public static let unreadablePrivateKey = Code(.unreadablePrivateKey)
        /// The private key is not the one the certificate was issued for.
        public static let keyDoesNotMatchCertificate = Code(.keyDoesNotMatchCertificate)
        /// `additionalTrustedCertificateAuthorityPEM` holds no readable certificate.
        public static let unreadableTrustedCertificate = Code(.unreadableTrustedCertificate)

        public var description: String { base.rawValue }
    }

    public var code: Code
    public var field: String
    public var reason: String

    public init(_ code: Code, field: String, reason: String) {
        self.code = code
        self.field = field
        self.reason = reason
    }

    public var description: String { "The Entra setting '\(field)' cannot be used: \(reason)." }
}
