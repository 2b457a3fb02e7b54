import Foundation
import JWTKit
@testable import Microsoft
import NIOHTTP1
import Testing

@Suite struct TokenRequestTests {
    @Test func clientCredentialsWithSecret() throws {
        let configuration = try Fixtures.configuration()
        let request = TokenRequest.clientCredentials(configuration: configuration, scope: EntraTokenClient.graphScope, proof: .secret(try EntraClientSecret(Fixtures.secretValue)))
        #expect(request.method == .POST)
        #expect(request.url == configuration.tokenEndpoint)
        #expect(request.headers.first(name: "Content-Type") == "application/x-www-form-urlencoded")
        #expect(request.formFields == [
            "grant_type": "client_credentials", "client_id": Fixtures.clientID, "scope": "https://graph.microsoft.com/.default",
            "client_secret": Fixtures.secretValue,
        ])
        // Reserved characters of the secret are percent-encoded, not sent raw.
        #expect(request.bodyText.contains("client_secret=s3cr3t~Value.With_Symbols%2B%26%3D"))
        #expect(request.idempotency == .idempotent)
    }

    @Test func clientCredentialsWithAssertion() throws {
        let request = TokenRequest.clientCredentials(configuration: try Fixtures.configuration(), scope: "api://x/.default", proof: .assertion("a.b.c"))
        #expect(request.formFields["client_assertion_type"] == "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
        #expect(request.formFields["client_assertion"] == "a.b.c")
        #expect(request.formFields["client_secret"] == nil)
    }

    @Test func authorizationCodeRedemption() throws {
        let verifier = try #require(PKCECodeVerifier("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"))
        let request = TokenRequest.authorizationCode(
            configuration: try Fixtures.configuration(), code: "the-code", redirectURI: URL(string: "https://firstkey.example.com/portal/callback")!,
            codeVerifier: verifier, scopes: ["openid", "profile"], proof: .assertion("a.b.c"))
        #expect(request.formFields["grant_type"] == "authorization_code")
        #expect(request.formFields["code"] == "the-code")
        #expect(request.formFields["redirect_uri"] == "https://firstkey.example.com/portal/callback")
        #expect(request.formFields["code_verifier"] == verifier.value)
        #expect(request.formFields["scope"] == "openid profile")
        #expect(request.idempotency == .notIdempotent)
    }

    @Test func pkceMatchesRFC7636AppendixB() throws {
        let verifier = try #require(PKCECodeVerifier("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"))
        #expect(verifier.s256Challenge == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
        #expect(PKCECodeVerifier("short") == nil)
        #expect(PKCECodeVerifier(String(repeating: "a", count: 42) + "!") == nil)
        let fresh = PKCECodeVerifier()
        #expect(fresh.value.count == 43)
        #expect(fresh != PKCECodeVerifier())
        #expect(!"\(fresh)".contains(fresh.value))
    }

    @Test func authorizationURL() throws {
        let verifier = PKCECodeVerifier()
        let request = AuthorizationRequest(
            redirectURI: URL(string: "https://firstkey.example.com/cb")!, codeVerifier: verifier, state: "st", nonce: "no", prompt: .login,
            claims: #"{"id_token":{"amr":{"essential":true,"values":["ngcmfa"]}}}"#)
        let url = request.url(configuration: try Fixtures.configuration())
        #expect(url.absoluteString.hasPrefix("https://login.microsoftonline.com/\(Fixtures.tenantID)/oauth2/v2.0/authorize?"))
        let items = MicrosoftHTTPRequest(method: .GET, url: url, operation: "x").queryItems
        #expect(items["client_id"] == Fixtures.clientID)
        #expect(items["response_type"] == "code")
        #expect(items["response_mode"] == "form_post")
        #expect(items["scope"] == "openid profile email")
        #expect(items["code_challenge"] == verifier.s256Challenge)
        #expect(items["code_challenge_method"] == "S256")
        #expect(items["prompt"] == "login")
        #expect(items["claims"] == #"{"id_token":{"amr":{"essential":true,"values":["ngcmfa"]}}}"#)
        #expect(!url.absoluteString.contains(verifier.value))
    }

    @Test(arguments: [EntraClientCertificate.AssertionAlgorithm.ps256, .rs256])
    func clientAssertionIsSignedAsDocumented(_ algorithm: EntraClientCertificate.AssertionAlgorithm) async throws {
        let certificate = try EntraClientCertificate(certificatePEM: TestKeys.certificateA, privateKeyPEM: TestKeys.privateKeyA, assertionAlgorithm: algorithm)
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        let audience = "https://login.microsoftonline.com/\(Fixtures.tenantID)/oauth2/v2.0/token"
        let assertion = try await ClientAssertion.sign(certificate: certificate, clientID: Fixtures.clientID, audience: audience, now: now)

        let header = try JSONSerialization.jsonObject(with: Data(try #require(Base64URL.decode(assertion.split(separator: ".")[0])))) as? [String: String]
        switch algorithm {
        case .ps256:
            #expect(header == ["alg": "PS256", "typ": "JWT", "x5t#S256": certificate.sha256Thumbprint])
        case .rs256:
            #expect(header == ["alg": "RS256", "typ": "JWT", "x5t": certificate.sha1Thumbprint])
        }

        let publicKey = try Insecure.RSA.PublicKey(certificatePEM: TestKeys.certificateA)
        let keys = JWTKeyCollection()
        switch algorithm {
        case .ps256: await keys.add(pss: publicKey, digestAlgorithm: .sha256)
        case .rs256: await keys.add(rsa: publicKey, digestAlgorithm: .sha256)
        }
        let claims = try await keys.verify(assertion, as: ClientAssertion.Claims.self)
        #expect(claims.aud == audience)
        #expect(claims.iss == Fixtures.clientID)
        #expect(claims.sub == Fixtures.clientID)
        #expect(claims.nbf == 1_700_000_000)
        #expect(claims.exp == 1_700_000_300)
        #expect(UUID(uuidString: claims.jti) != nil)

        let second = try await ClientAssertion.sign(certificate: certificate, clientID: Fixtures.clientID, audience: audience, now: now)
        #expect(try await keys.verify(second, as: ClientAssertion.Claims.self).jti != claims.jti)
    }
}
