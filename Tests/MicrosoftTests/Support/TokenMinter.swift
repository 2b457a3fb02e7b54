import Foundation
import JWTKit
@testable import Microsoft

/// Signs Entra-shaped tokens locally with jwt-kit, and publishes the matching JWKS, so the
/// validators can be tested without a simulator.
struct TokenMinter {
    let kid: String
    let privateKeyPEM: String

    init(kid: String = "key-a", privateKeyPEM: String = TestKeys.privateKeyA) {
        self.kid = kid
        self.privateKeyPEM = privateKeyPEM
    }

    func sign(_ payload: EntraTokenPayload, algorithm: String = "RS256", kid overrideKid: String? = nil) async throws -> String {
        let key = try Insecure.RSA.PrivateKey(pem: privateKeyPEM)
        let keys = JWTKeyCollection()
        switch algorithm {
        case "PS256": await keys.add(pss: key, digestAlgorithm: .sha256, kid: JWKIdentifier(string: overrideKid ?? kid))
        default: await keys.add(rsa: key, digestAlgorithm: .sha256, kid: JWKIdentifier(string: overrideKid ?? kid))
        }
        return try await keys.sign(payload, kid: JWKIdentifier(string: overrideKid ?? kid))
    }

    /// `{"kty":"RSA","use":"sig","kid":…,"n":…,"e":…}`
    func jwk() throws -> String {
        let key = try Insecure.RSA.PrivateKey(pem: privateKeyPEM)
        let (modulus, exponent) = try key.publicKey.getKeyPrimitives()
        return #"{"kty":"RSA","use":"sig","kid":"\#(kid)","n":"\#(Base64URL.encode(modulus))","e":"\#(Base64URL.encode(exponent))"}"#
    }

    static func jwks(_ minters: [TokenMinter]) throws -> String {
        #"{"keys":[\#(try minters.map { try $0.jwk() }.joined(separator: ","))]}"#
    }

    static let v2Issuer = "https://login.microsoftonline.com/\(Fixtures.tenantID)/v2.0"
    static let v1Issuer = "https://sts.windows.net/\(Fixtures.tenantID)/"

    static func discovery(jwksURI: String = "https://login.microsoftonline.com/\(Fixtures.tenantID)/discovery/v2.0/keys") -> String {
        #"{"issuer":"\#(v2Issuer)","jwks_uri":"\#(jwksURI)","token_endpoint":"https://login.microsoftonline.com/\#(Fixtures.tenantID)/oauth2/v2.0/token"}"#
    }

    /// An app-only v1 access token from the Logic App's managed identity.
    static func accessTokenPayload(
        now: Date, version: String = "1.0", audience: String = "api://firstkey", caller: String = "aaaaaaaa-0000-0000-0000-000000000001",
        roles: [String]? = nil, lifetime: TimeInterval = 3600
    ) -> EntraTokenPayload {
        var payload = EntraTokenPayload()
        payload.iss = version == "1.0" ? v1Issuer : v2Issuer
        payload.aud = .init([audience])
        payload.iat = now.timeIntervalSince1970 - 60
        payload.nbf = now.timeIntervalSince1970 - 60
        payload.exp = now.timeIntervalSince1970 + lifetime
        payload.tid = Fixtures.tenantID
        payload.oid = "bbbbbbbb-0000-0000-0000-000000000002"
        payload.sub = payload.oid
        payload.ver = version
        if version == "1.0" { payload.appid = caller } else { payload.azp = caller }
        payload.roles = roles
        payload.idtyp = "app"
        return payload
    }

    static func idTokenPayload(now: Date, nonce: String = "nonce-123", authTime: Date? = nil) -> EntraTokenPayload {
        var payload = EntraTokenPayload()
        payload.iss = v2Issuer
        payload.aud = .init([Fixtures.clientID])
        payload.iat = now.timeIntervalSince1970 - 10
        payload.nbf = now.timeIntervalSince1970 - 10
        payload.exp = now.timeIntervalSince1970 + 3600
        payload.tid = Fixtures.tenantID
        payload.oid = "cccccccc-0000-0000-0000-000000000003"
        payload.sub = "pairwise-subject"
        payload.ver = "2.0"
        payload.nonce = nonce
        payload.preferred_username = "kjensen@contoso.com"
        payload.auth_time = authTime?.timeIntervalSince1970
        payload.amr = ["pwd", "mfa"]
        payload.acrs = ["c1"]
        return payload
    }
}
