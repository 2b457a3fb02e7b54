import FirstkeySimulator
import Foundation
import HTTPTypes
import JWTKit
import Testing

/// Client credentials with a secret, over real HTTP: success shape, claims, and the AADSTS errors.
@Suite("Token endpoint: client credentials")
struct TokenEndpointTests {
    @Test("a secret in the form gets a v1.0 Graph token with roles, idtyp app and a 3599 s lifetime")
    func clientSecretInForm() async throws {
        try await SimulatorFixture.with { fixture in
            let result = try await fixture.client.postForm(fixture.tokenPath, [
                ("grant_type", "client_credentials"), ("client_id", SimulatorFixture.clientID), ("client_secret", SimulatorFixture.clientSecret),
                ("scope", "https://graph.microsoft.com/.default"),
            ])
            #expect(result.status == .ok)
            let body = try #require(result.json)
            #expect(body["token_type"] == "Bearer")
            #expect(body["expires_in"] == 3599)
            #expect(body["refresh_token"] == nil)
            let token = try #require(body["access_token"]?.stringValue)
            let header = try #require(jwtHeader(token))
            #expect(header["alg"] == "RS256")
            #expect(header["kid"]?.stringValue == fixture.simulator.signingKeyIDs().last)
            let claims = try #require(jwtClaims(token))
            #expect(claims["iss"]?.stringValue == "https://sts.windows.net/\(fixture.tenant)/")
            #expect(claims["aud"] == "https://graph.microsoft.com")
            #expect(claims["appid"]?.stringValue == SimulatorFixture.clientID)
            #expect(claims["idtyp"] == "app")
            #expect(claims["tid"]?.stringValue == fixture.tenant)
            #expect(claims["ver"] == "1.0")
            #expect(claims["appidacr"] == "1")
            let roles = claims["roles"]?.arrayValue?.compactMap(\.stringValue) ?? []
            #expect(Set(roles) == ["User.Read.All", "UserAuthenticationMethod.ReadWrite.All", "Mail.Send", "Policy.Read.All"])
            let exp = try #require(claims["exp"]?.intValue)
            let iat = try #require(claims["iat"]?.intValue)
            #expect(exp - iat == 3599)
        }
    }

    @Test("the token verifies with jwt-kit against the published JWKS")
    func tokenVerifiesAgainstJWKS() async throws {
        try await SimulatorFixture.with { fixture in
            let token = try await fixture.graphToken()
            let jwks = try await fixture.client.get("/\(fixture.tenant)/discovery/v2.0/keys")
            #expect(jwks.status == .ok)
            let keys = try await JWTKeyCollection().add(jwksJSON: jwks.body)
            let payload = try await keys.verify(token, as: AppTokenPayload.self)
            #expect(payload.appid == SimulatorFixture.clientID)
            #expect(payload.aud.value == ["https://graph.microsoft.com"])
        }
    }

    @Test("HTTP Basic client authentication (RFC 6749 §2.3.1) works, with form-encoded halves")
    func clientSecretBasic() async throws {
        try await SimulatorFixture.with { fixture in
            let credentials = "\(percentEncode(SimulatorFixture.clientID)):\(percentEncode(SimulatorFixture.clientSecret))"
            let result = try await fixture.client.postForm(fixture.tokenPath, [
                ("grant_type", "client_credentials"), ("scope", "https://graph.microsoft.com/.default"),
            ], headers: [.authorization: "Basic \(Data(credentials.utf8).base64EncodedString())"])
            #expect(result.status == .ok)
            #expect(result.json?["access_token"]?.stringValue != nil)
        }
    }

    @Test("a wrong secret is 401 invalid_client AADSTS7000215 in the full error shape")
    func wrongSecret() async throws {
        try await SimulatorFixture.with { fixture in
            let result = try await fixture.client.postForm(fixture.tokenPath, [
                ("grant_type", "client_credentials"), ("client_id", SimulatorFixture.clientID), ("client_secret", "not-the-secret"),
                ("scope", "https://graph.microsoft.com/.default"),
            ], headers: [HTTPField.Name("client-request-id")!: "4b1c0a0e-0000-4000-8000-000000000001"])
            #expect(result.status == .unauthorized)
            let body = try #require(result.json)
            #expect(body["error"] == "invalid_client")
            #expect(body["error_codes"] == [7000215])
            #expect(body["error_description"]?.stringValue?.hasPrefix("AADSTS7000215: ") == true)
            #expect(body["error_description"]?.stringValue?.contains("\r\nTrace ID: ") == true)
            #expect(body["correlation_id"] == "4b1c0a0e-0000-4000-8000-000000000001")
            #expect(body["trace_id"]?.stringValue?.count == 36)
            let timestamp = try #require(body["timestamp"]?.stringValue)
            #expect(timestamp.count == 20 && timestamp.hasSuffix("Z") && timestamp.contains(" "))
            #expect(!result.body.contains("not-the-secret"))
        }
    }

    @Test("an unknown client is AADSTS700016 (unauthorized_client, 400)")
    func unknownClient() async throws {
        try await SimulatorFixture.with { fixture in
            let result = try await fixture.client.postForm(fixture.tokenPath, [
                ("grant_type", "client_credentials"), ("client_id", "00000000-0000-0000-0000-000000000000"), ("client_secret", "x"),
                ("scope", "https://graph.microsoft.com/.default"),
            ])
            #expect(result.status == .badRequest)
            #expect(result.json?["error"] == "unauthorized_client")
            #expect(result.json?["error_codes"] == [700016])
        }
    }

    @Test("scope must be exactly one resource's /.default", arguments: [
        "https://graph.microsoft.com/User.Read.All",
        "https://graph.microsoft.com/.default https://management.azure.com/.default",
        "openid",
    ])
    func invalidScope(scope: String) async throws {
        try await SimulatorFixture.with { fixture in
            let result = try await fixture.client.postForm(fixture.tokenPath, [
                ("grant_type", "client_credentials"), ("client_id", SimulatorFixture.clientID), ("client_secret", SimulatorFixture.clientSecret), ("scope", scope),
            ])
            #expect(result.status == .badRequest)
            #expect(result.json?["error"] == "invalid_scope")
            #expect(result.json?["error_codes"] == [70011])
        }
    }

    @Test("missing parameters, unknown resources, unsupported grants, no credential, GET, unknown tenant")
    func otherErrors() async throws {
        try await SimulatorFixture.with { fixture in
            let base: [(String, String)] = [("client_id", SimulatorFixture.clientID), ("client_secret", SimulatorFixture.clientSecret)]
            var result = try await fixture.client.postForm(fixture.tokenPath, base + [("scope", "https://graph.microsoft.com/.default")])
            #expect(result.json?["error"] == "invalid_request")
            #expect(result.json?["error_codes"] == [900144])

            result = try await fixture.client.postForm(fixture.tokenPath, base + [("grant_type", "client_credentials")])
            #expect(result.json?["error_codes"] == [900144])
            #expect(result.json?["error_description"]?.stringValue?.contains("'scope'") == true)

            result = try await fixture.client.postForm(fixture.tokenPath, base + [("grant_type", "client_credentials"), ("scope", "https://vault.azure.net/.default")])
            #expect(result.json?["error"] == "invalid_resource")
            #expect(result.json?["error_codes"] == [500011])

            result = try await fixture.client.postForm(fixture.tokenPath, base + [("grant_type", "password"), ("scope", "https://graph.microsoft.com/.default")])
            #expect(result.json?["error"] == "unsupported_grant_type")

            result = try await fixture.client.postForm(fixture.tokenPath, [
                ("grant_type", "client_credentials"), ("client_id", SimulatorFixture.clientID), ("scope", "https://graph.microsoft.com/.default"),
            ])
            #expect(result.status == .unauthorized)
            #expect(result.json?["error_codes"] == [7000218])

            result = try await fixture.client.get(fixture.tokenPath)
            #expect(result.status == .badRequest)
            #expect(result.json?["error_codes"] == [900561])

            result = try await fixture.client.postForm("/11111111-2222-3333-4444-555555555555/oauth2/v2.0/token",
                                                       base + [("grant_type", "client_credentials"), ("scope", "https://graph.microsoft.com/.default")])
            #expect(result.json?["error_codes"] == [90002])

            // A verified domain stands for the tenant.
            result = try await fixture.client.postForm("/contoso.onmicrosoft.com/oauth2/v2.0/token",
                                                       base + [("grant_type", "client_credentials"), ("scope", "https://graph.microsoft.com/.default")])
            #expect(result.status == .ok)
        }
    }

    @Test("the Graph app ID also names Graph as resource")
    func graphByAppID() async throws {
        try await SimulatorFixture.with { fixture in
            let result = try await fixture.client.postForm(fixture.tokenPath, [
                ("grant_type", "client_credentials"), ("client_id", SimulatorFixture.clientID), ("client_secret", SimulatorFixture.clientSecret),
                ("scope", "00000003-0000-0000-c000-000000000000/.default"),
            ])
            #expect(result.status == .ok)
            #expect(jwtClaims(result.json?["access_token"]?.stringValue ?? "")?["aud"] == "https://graph.microsoft.com")
        }
    }
}

struct AppTokenPayload: JWTPayload {
    var aud: AudienceClaim
    var exp: ExpirationClaim
    var appid: String
    var roles: [String]?

    func verify(using _: some JWTAlgorithm) async throws {
        // The simulated clock runs with the wall clock here.
        try exp.verifyNotExpired()
    }
}
