import Crypto
import FirstkeySimulator
import Foundation
import JWTKit

/// Builds client assertions the way a client library does (jwt-kit), so the simulator is
/// checked against an independent JWS implementation.
struct ClientAssertionClaims: JWTPayload {
    var aud: String
    var iss: String
    var sub: String
    var jti: String
    var nbf: Int
    var exp: Int
    var iat: Int?

    func verify(using _: some JWTAlgorithm) async throws {}
}

enum ClientAssertion {
    enum Style { case ps256SHA256Thumbprint, rs256SHA1Thumbprint }

    static func make(credential: SimulatedCertificateCredential, clientID: String, audience: String, style: Style = .ps256SHA256Thumbprint,
                     jti: String = UUID().uuidString, notBefore: Date = Date(), lifetime: TimeInterval = 600, issuer: String? = nil) async throws -> String
    {
        let key = try Insecure.RSA.PrivateKey(pem: credential.privateKeyPEM)
        let keys = JWTKeyCollection()
        var header = JWTHeader()
        header.typ = "JWT"
        switch style {
        case .ps256SHA256Thumbprint:
            await keys.add(pss: key, digestAlgorithm: .sha256)
            header.fields["x5t#S256"] = .string(credential.certificate.sha256Thumbprint)
        case .rs256SHA1Thumbprint:
            await keys.add(rsa: key, digestAlgorithm: .sha256)
            header.fields["x5t"] = .string(credential.certificate.sha1Thumbprint)
        }
        let claims = ClientAssertionClaims(aud: audience, iss: issuer ?? clientID, sub: clientID, jti: jti, nbf: Int(notBefore.timeIntervalSince1970),
                                           exp: Int(notBefore.addingTimeInterval(lifetime).timeIntervalSince1970), iat: Int(notBefore.timeIntervalSince1970))
        return try await keys.sign(claims, header: header)
    }
}
