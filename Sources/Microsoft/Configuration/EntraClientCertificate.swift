import Crypto
public import Foundation
import JWTKit
import NIOSSL

/// A certificate uploaded to the app registration plus its private key, used to sign client
/// assertions. The key never leaves this value and is never printed.
public struct EntraClientCertificate: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// Which header the assertion carries. Entra's current documentation uses PS256 with the
    /// SHA-256 thumbprint; older revisions used RS256 with the SHA-1 thumbprint.
    public enum AssertionAlgorithm: String, Sendable, Hashable {
        /// `alg: PS256`, `x5t#S256`.
        case ps256
        /// `alg: RS256`, `x5t` (SHA-1).
        case rs256
    }

    /// base64url SHA-256 of the certificate DER (`x5t#S256`).
    public let sha256Thumbprint: String
    /// base64url SHA-1 of the certificate DER (`x5t`).
    public let sha1Thumbprint: String
    /// Hex SHA-1, as the Entra portal lists the certificate.
    public let portalThumbprint: String
    public let notValidAfter: Date
    public let assertionAlgorithm: AssertionAlgorithm
    let privateKey: JWTKit.Insecure.RSA.PrivateKey

    public init(certificatePEM: String, privateKeyPEM: String, assertionAlgorithm: AssertionAlgorithm = .ps256) throws(EntraConfigurationError) {
        let certificate: NIOSSLCertificate
        let der: [UInt8]
        let certificateKey: [UInt8]
        do {
            guard let first = try NIOSSLCertificate.fromPEMBytes(Array(certificatePEM.utf8)).first else {
                throw EntraConfigurationError(.unreadableCertificate, field: "client certificate", reason: "no PEM certificate found")
            }
            certificate = first
            der = try certificate.toDERBytes()
            certificateKey = try certificate.extractPublicKey().toSPKIBytes()
        } catch let error as EntraConfigurationError {
            throw error
        } catch {
            throw EntraConfigurationError(.unreadableCertificate, field: "client certificate", reason: "it is not a PEM-encoded X.509 certificate")
        }
        let key: JWTKit.Insecure.RSA.PrivateKey
        do {
            key = try JWTKit.Insecure.RSA.PrivateKey(pem: privateKeyPEM)
        } catch {
            throw EntraConfigurationError(
                .unreadablePrivateKey, field: "client certificate private key",
                reason: "it is not an unencrypted PEM RSA private key of at least 2048 bits (PKCS#1 or PKCS#8)")
        }
        guard Array(key.publicKey.derRepresentation) == certificateKey else {
            throw EntraConfigurationError(
                .keyDoesNotMatchCertificate, field: "client certificate private key",
                reason: "it does not belong to the certificate (the public keys differ)")
        }
        self.sha256Thumbprint = Base64URL.encode(Array(SHA256.hash(data: der)))
        self.sha1Thumbprint = Base64URL.encode(Array(Crypto.Insecure.SHA1.hash(data: der)))
        self.portalThumbprint = Crypto.Insecure.SHA1.hash(data: der).map { String(format: "%02X", $0) }.joined()
        self.notValidAfter = Date(timeIntervalSince1970: TimeInterval(certificate.notValidAfter))
        self.assertionAlgorithm = assertionAlgorithm
        self.privateKey = key
    }

    public var description: String { "certificate \(portalThumbprint) (expires \(notValidAfter))" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["thumbprint": portalThumbprint, "notValidAfter": notValidAfter]) }
}
