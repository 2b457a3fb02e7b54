import Crypto
import CryptoExtras
import Foundation
import HTTPTypes
import SwiftASN1
import X509

/// One of the tenant's token-signing keys: an RSA key with a self-signed certificate, published
/// in the JWKS like Entra's (`kid` = `x5t` = base64url SHA-1 of the certificate, `x5c`).
struct SigningKey: Sendable {
    let keyID: String
    let privateKey: _RSA.Signing.PrivateKey
    let certificateDER: [UInt8]
    let createdAt: Date

    var publicKey: _RSA.Signing.PublicKey { privateKey.publicKey }

    static func generate(now: Date) throws -> SigningKey {
        let privateKey = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let name = try DistinguishedName { CommonName("accounts.accesscontrol.windows.net") }
        let certificate = try Certificate(
            version: .v3,
            serialNumber: Certificate.SerialNumber(),
            publicKey: Certificate.PublicKey(privateKey.publicKey),
            notValidBefore: now.addingTimeInterval(-3600),
            notValidAfter: now.addingTimeInterval(5 * 365 * 86400),
            issuer: name,
            subject: name,
            signatureAlgorithm: .sha256WithRSAEncryption,
            extensions: Certificate.Extensions {},
            issuerPrivateKey: Certificate.PrivateKey(privateKey)
        )
        var serializer = DER.Serializer()
        try serializer.serialize(certificate)
        let der = serializer.serializedBytes
        return SigningKey(keyID: Base64URL.encode(Array(Insecure.SHA1.hash(data: der))), privateKey: privateKey, certificateDER: der, createdAt: now)
    }

    /// The JWKS entry.
    func jwk(issuer: String) -> JSONValue {
        let primitives = try? publicKey.getKeyPrimitives()
        return [
            "kty": "RSA",
            "use": "sig",
            "kid": .string(keyID),
            "x5t": .string(keyID),
            "n": .string(Base64URL.encode(Array(primitives?.modulus ?? Data()))),
            "e": .string(Base64URL.encode(Array(primitives?.publicExponent ?? Data()))),
            "x5c": [.string(Data(certificateDER).base64EncodedString())],
            "issuer": .string(issuer),
        ]
    }
}
