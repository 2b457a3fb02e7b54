import Crypto
import CryptoExtras
public import Foundation
import SwiftASN1
import X509

/// A client certificate credential for tests: a self-signed RSA certificate to register on a
/// `SimulatedApplication` and the private key (PKCS#8 PEM) a client signs assertions with.
public struct SimulatedCertificateCredential: Sendable {
    public let certificate: SimulatedCertificate
    public let certificatePEM: String
    public let privateKeyPEM: String

    public static func generate(commonName: String = "firstkey-test-client", validFor lifetime: TimeInterval = 365 * 86400, now: Date = Date()) throws -> SimulatedCertificateCredential {
        let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let name = try DistinguishedName { CommonName(commonName) }
        let certificate = try Certificate(
            version: .v3,
            serialNumber: Certificate.SerialNumber(),
            publicKey: Certificate.PublicKey(key.publicKey),
            notValidBefore: now.addingTimeInterval(-60),
            notValidAfter: now.addingTimeInterval(lifetime),
            issuer: name,
            subject: name,
            signatureAlgorithm: .sha256WithRSAEncryption,
            extensions: Certificate.Extensions {},
            issuerPrivateKey: Certificate.PrivateKey(key)
        )
        var serializer = DER.Serializer()
        try serializer.serialize(certificate)
        return SimulatedCertificateCredential(certificate: SimulatedCertificate(derBytes: serializer.serializedBytes),
                                              certificatePEM: try certificate.serializeAsPEM().pemString,
                                              privateKeyPEM: key.pkcs8PEMRepresentation)
    }
}
