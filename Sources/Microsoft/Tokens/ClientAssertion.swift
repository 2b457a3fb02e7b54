import Foundation
import JWTKit

/// The signed JWT that replaces a client secret (certificate credentials): `aud` = the tenant's
/// token endpoint, `iss` = `sub` = client ID, unique `jti`, `nbf` = now, `exp` = now + lifetime.
struct ClientAssertion: Sendable {
    struct Claims: JWTPayload, Equatable {
        var aud: String
        var iss: String
        var sub: String
        var jti: String
        var nbf: Int
        var exp: Int
        var iat: Int

        func verify(using algorithm: some JWTAlgorithm) async throws {}
    }

    static let lifetime: TimeInterval = 300

    static func claims(clientID: String, audience: String, now: Date, jti: String = UUID().uuidString.lowercased()) -> Claims {
        let issuedAt = Int(now.timeIntervalSince1970)
        return Claims(aud: audience, iss: clientID, sub: clientID, jti: jti, nbf: issuedAt, exp: issuedAt + Int(lifetime), iat: issuedAt)
    }

    /// The header fields besides `alg`/`typ`, which the signer adds.
    static func header(for certificate: EntraClientCertificate) -> JWTHeader {
        var header = JWTHeader()
        switch certificate.assertionAlgorithm {
        case .ps256: header.fields["x5t#S256"] = .string(certificate.sha256Thumbprint)
        case .rs256: header.fields["x5t"] = .string(certificate.sha1Thumbprint)
        }
        return header
    }

    static func sign(certificate: EntraClientCertificate, clientID: String, audience: String, now: Date) async throws -> String {
        let keys = JWTKeyCollection()
        switch certificate.assertionAlgorithm {
        case .ps256: await keys.add(pss: certificate.privateKey, digestAlgorithm: .sha256)
        case .rs256: await keys.add(rsa: certificate.privateKey, digestAlgorithm: .sha256)
        }
        return try await keys.sign(claims(clientID: clientID, audience: audience, now: now), header: header(for: certificate))
    }
}
