import Crypto
import Foundation
import SwiftASN1
import X509

/// A client certificate registered on an app (public part only), as DER.
public struct SimulatedCertificate: Sendable, Hashable {
    public var derBytes: [UInt8]

    public init(derBytes: [UInt8]) {
        self.derBytes = derBytes
    }

    /// From a PEM `CERTIFICATE` block.
    public init(pem: String) throws {
        let certificate = try Certificate(pemEncoded: pem)
        var serializer = DER.Serializer()
        try serializer.serialize(certificate)
        self.init(derBytes: serializer.serializedBytes)
    }

    /// `x5t`: base64url SHA-1 of the DER (older assertion headers).
    public var sha1Thumbprint: String { Base64URL.encode(Array(Insecure.SHA1.hash(data: derBytes))) }
    /// `x5t#S256`: base64url SHA-256 of the DER (current assertion headers).
    public var sha256Thumbprint: String { Base64URL.encode(Array(SHA256.hash(data: derBytes))) }
}
