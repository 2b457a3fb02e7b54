import Crypto
import Foundation
import NIOSSL
import SwiftASN1
import X509

/// A throwaway CA and the HTTPS leaf it signs (P-256), made at start: clients trust the CA PEM
/// the simulator hands out, and nothing else.
struct TestPublicKeyInfrastructure: Sendable {
    let certificateAuthorityPEM: String
    let leafCertificatePEM: String
    let leafPrivateKeyPEM: String

    /// `hosts` become subject alternative names: IP addresses as IP SANs, the rest as DNS SANs.
    static func generate(hosts: [String], now: Date) throws -> TestPublicKeyInfrastructure {
        let caKey = P256.Signing.PrivateKey()
        let caName = try DistinguishedName {
            OrganizationName("Firstkey simulator")
            CommonName("Firstkey simulator test CA")
        }
        let caCertificate = try Certificate(
            version: .v3,
            serialNumber: Certificate.SerialNumber(),
            publicKey: Certificate.PublicKey(caKey.publicKey),
            notValidBefore: now.addingTimeInterval(-3600),
            notValidAfter: now.addingTimeInterval(365 * 86400),
            issuer: caName,
            subject: caName,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
                SubjectKeyIdentifier(hash: Certificate.PublicKey(caKey.publicKey))
            },
            issuerPrivateKey: Certificate.PrivateKey(caKey)
        )

        var names: [GeneralName] = []
        for host in Set(hosts).sorted() {
            if let address = IPv4Address(host) {
                names.append(.ipAddress(ASN1OctetString(contentBytes: ArraySlice(address.bytes))))
            } else {
                names.append(.dnsName(host))
            }
        }
        let leafKey = P256.Signing.PrivateKey()
        let leafCertificate = try Certificate(
            version: .v3,
            serialNumber: Certificate.SerialNumber(),
            publicKey: Certificate.PublicKey(leafKey.publicKey),
            notValidBefore: now.addingTimeInterval(-3600),
            notValidAfter: now.addingTimeInterval(30 * 86400),
            issuer: caName,
            subject: try DistinguishedName { CommonName("localhost") },
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true))
                try ExtendedKeyUsage([.serverAuth])
                SubjectAlternativeNames(names)
            },
            issuerPrivateKey: Certificate.PrivateKey(caKey)
        )
        return TestPublicKeyInfrastructure(
            certificateAuthorityPEM: try caCertificate.serializeAsPEM().pemString,
            leafCertificatePEM: try leafCertificate.serializeAsPEM().pemString,
            leafPrivateKeyPEM: leafKey.pemRepresentation
        )
    }

    /// The leaf's subject alternative names as text (`IP:127.0.0.1`, `DNS:localhost`), for checks.
    var leafSubjectAlternativeNames: [String] {
        guard let certificate = try? Certificate(pemEncoded: leafCertificatePEM),
              let names = try? certificate.extensions.subjectAlternativeNames else { return [] }
        return names.map { name in
            switch name {
            case .dnsName(let host): "DNS:\(host)"
            case .ipAddress(let bytes): "IP:" + bytes.bytes.map(String.init).joined(separator: ".")
            default: "\(name)"
            }
        }
    }

    func serverTLSConfiguration() throws -> TLSConfiguration {
        let leaf = try NIOSSLCertificate(bytes: Array(leafCertificatePEM.utf8), format: .pem)
        let key = try NIOSSLPrivateKey(bytes: Array(leafPrivateKeyPEM.utf8), format: .pem)
        return TLSConfiguration.makeServerConfiguration(certificateChain: [.certificate(leaf)], privateKey: .privateKey(key))
    }
}

/// A dotted-quad IPv4 address.
private struct IPv4Address {
    let bytes: [UInt8]

    init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var bytes: [UInt8] = []
        for part in parts {
            guard let value = UInt8(part) else { return nil }
            bytes.append(value)
        }
        self.bytes = bytes
    }
}
