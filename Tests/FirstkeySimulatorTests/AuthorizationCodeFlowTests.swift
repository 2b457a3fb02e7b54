import Crypto
import FirstkeySimulator
import Foundation
import HTTPTypes
import JWTKit
import Testing

/// The portal's OIDC sign-in: authorize → test login page → code → token, with PKCE.
@Suite("Identity: authorization code flow")
struct AuthorizationCodeFlowTests {
    static let ana = SimulatedUser(id: "5b0c3d1e-7f2a-4c9b-8e6d-1a2b3c4d5e6f", userPrincipalName: "ana.new@contoso.com", displayName: "Ana New",
                                   mail: "ana.new@contoso.com", onPremisesSecurityIdentifier: "S-1-5-21-1-2-3-4242", onPremisesSyncEnabled: true)
    static let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk-the-rest-of-it"

    static var challenge: String {
        Data(SHA256.hash(data: Data(verifier.utf8))).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    struct Authorization {
        var parameters: [(String, String)] = [
            ("client_id", SimulatorFixture.clientID), ("response_type", "code"), ("redirect_uri", SimulatorFixture.redirectURI),
            ("scope", "openid profile email offline_access"), ("state", "st-123"), ("nonce", "n-456"),
            ("code_challenge", AuthorizationCodeFlowTests.challenge), ("code_challenge_method", "S256"),
        ]

        mutating func set(_ name: String, _ value: String?) {
            parameters.removeAll { $0.0 == name }
            if let value { parameters.append((name, value)) }
        }
    }

    /// Opens the authorize URL and returns the login page.
    static func authorize(_ fixture: SimulatorFixture, _ authorization: Authorization = Authorization()) async throws -> HTTPResult {
        try await fixture.client.get("/\(fixture.tenant)/oauth2/v2.0/authorize?" + formEncode(authorization.parameters))
    }

    static func requestID(in page: String) throws -> String {
        let marker = #"id="request_id" name="request_id" value=""#
        let start = try #require(page.range(of: marker)).upperBound
        return String(page[start...].prefix { $0 != "\"" })
    }

    /// Submits the login form like a browser.
    static func signIn(_ fixture: SimulatorFixture, page: String, username: String = ana.userPrincipalName, amr: String = "pwd,mfa", acrs: String = "c1",
                       authTimeOffset: Int = -30, version: String = "v2", action: String = "sign_in") async throws -> HTTPResult
    {
        try await fixture.client.postForm("/\(fixture.tenant)/login", [
            ("request_id", try requestID(in: page)), ("username", username), ("amr", amr), ("acrs", acrs),
            ("auth_time_offset", String(authTimeOffset)), ("token_version", version), ("action", action),
        ])
    }

    static func queryItems(of location: String) -> [String: String] {
        guard let components = URLComponents(string: location) else { return [:] }
        var items: [String: String] = [:]
        for item in components.queryItems ?? [] { items[item.name] = item.value }
        return items
    }

    static func redeem(_ fixture: SimulatorFixture, code: String, verifier: String? = AuthorizationCodeFlowTests.verifier,
                       redirectURI: String = SimulatorFixture.redirectURI) async throws -> HTTPResult
    {
        var fields: [(String, String)] = [
            ("grant_type", "authorization_code"), ("client_id", SimulatorFixture.clientID), ("client_secret", SimulatorFixture.clientSecret),
            ("code", code), ("redirect_uri", redirectURI),
        ]
        if let verifier { fields.append(("code_verifier", verifier)) }
        return try await fixture.client.postForm(fixture.tokenPath, fields)
    }

    /// authorize → login → code.
    static func code(_ fixture: SimulatorFixture, _ authorization: Authorization = Authorization(), version: String = "v2") async throws -> String {
        let page = try await authorize(fixture, authorization)
        let redirect = try await signIn(fixture, page: page.body, version: version)
        #expect(redirect.status == .found)
        return try #require(queryItems(of: redirect.header("Location") ?? "")["code"])
    }

    @Test("the full flow: login page with stable fields, redirect with code and state, PKCE redemption, v2.0 ID token claims, single use")
    func fullFlow() async throws {
        try await SimulatorFixture.with { fixture in
            fixture.simulator.addUser(Self.ana)
            let page = try await Self.authorize(fixture)
            #expect(page.status == .ok)
            #expect(page.header("Content-Type")?.hasPrefix("text/html") == true)
            for field in ["request_id", "username", "amr", "acrs", "auth_time_offset", "token_version", "sign_in", "cancel"] {
                #expect(page.body.contains(#"id="\#(field)""#), "field \(field)")
            }
            let redirect = try await Self.signIn(fixture, page: page.body)
            #expect(redirect.status == .found)
            let location = try #require(redirect.header("Location"))
            #expect(location.hasPrefix(SimulatorFixture.redirectURI + "?"))
            let items = Self.queryItems(of: location)
            #expect(items["state"] == "st-123")
            let code = try #require(items["code"])

            let tokens = try await Self.redeem(fixture, code: code)
            #expect(tokens.status == .ok, "\(tokens.body)")
            let body = try #require(tokens.json)
            #expect(body["token_type"] == "Bearer")
            #expect(body["refresh_token"]?.stringValue != nil)
            #expect(body["access_token"]?.stringValue != nil)
            let idToken = try #require(body["id_token"]?.stringValue)
            let claims = try #require(jwtClaims(idToken))
            #expect(claims["iss"]?.stringValue == "https://login.microsoftonline.com/\(fixture.tenant)/v2.0")
            #expect(claims["aud"]?.stringValue == SimulatorFixture.clientID)
            #expect(claims["oid"]?.stringValue == Self.ana.id)
            #expect(claims["tid"]?.stringValue == fixture.tenant)
            #expect(claims["preferred_username"] == "ana.new@contoso.com")
            #expect(claims["nonce"] == "n-456")
            #expect(claims["ver"] == "2.0")
            #expect(claims["sid"]?.stringValue == items["session_state"])
            #expect(claims["sub"]?.stringValue?.isEmpty == false)
            #expect(claims["sub"]?.stringValue != Self.ana.id)
            #expect(claims["amr"] == nil, "v2.0 ID tokens carry no amr (id-token-claims-reference: v1.0 only)")
            #expect(claims["acrs"] == ["c1"])
            #expect(claims["onprem_sid"] == "S-1-5-21-1-2-3-4242")
            #expect(claims["email"] == "ana.new@contoso.com")
            let now = Int(Date().timeIntervalSince1970)
            let authTime = try #require(claims["auth_time"]?.intValue)
            #expect(abs(authTime - (now - 30)) <= 5)
            #expect(try #require(claims["exp"]?.intValue) > now)

            // The delegated access token reads the signed-in user from Graph.
            let me = try await fixture.graph(.get, "/v1.0/me?$select=id,userPrincipalName", token: try #require(body["access_token"]?.stringValue))
            #expect(me.status == .ok)
            #expect(me.json?["id"]?.stringValue == Self.ana.id)

            // The ID token verifies against the JWKS named in the discovery document.
            let discovery = try await fixture.client.get("/\(fixture.tenant)/v2.0/.well-known/openid-configuration")
            let jwksURI = try #require(discovery.json?["jwks_uri"]?.stringValue)
            #expect(jwksURI.hasPrefix(fixture.simulator.httpURL))
            let jwks = try await fixture.client.get(String(jwksURI.dropFirst(fixture.simulator.httpURL.count)))
            let keys = try await JWTKeyCollection().add(jwksJSON: jwks.body)
            let verified = try await keys.verify(idToken, as: IDTokenPayload.self)
            #expect(verified.nonce == "n-456")

            let again = try await Self.redeem(fixture, code: code)
            #expect(again.status == .badRequest)
            #expect(again.json?["error"] == "invalid_grant")
            #expect(again.json?["error_codes"] == [54005])

            // The refresh token works once and is replaced.
            let refreshToken = try #require(body["refresh_token"]?.stringValue)
            let refreshed = try await fixture.client.postForm(fixture.tokenPath, [
                ("grant_type", "refresh_token"), ("client_id", SimulatorFixture.clientID), ("client_secret", SimulatorFixture.clientSecret),
                ("refresh_token", refreshToken),
            ])
            #expect(refreshed.status == .ok)
            #expect(jwtClaims(refreshed.json?["id_token"]?.stringValue ?? "")?["oid"]?.stringValue == Self.ana.id)
            let reused = try await fixture.client.postForm(fixture.tokenPath, [
                ("grant_type", "refresh_token"), ("client_id", SimulatorFixture.clientID), ("client_secret", SimulatorFixture.clientSecret),
                ("refresh_token", refreshToken),
            ])
            #expect(reused.json?["error"] == "invalid_grant")
        }
    }

    @Test("PKCE: wrong or missing verifier fails; plain method works; redirect_uri must match; codes expire after ten minutes")
    func redemptionRules() async throws {
        try await SimulatorFixture.with { fixture in
            fixture.simulator.addUser(Self.ana)
            var result = try await Self.redeem(fixture, code: try await Self.code(fixture), verifier: String(repeating: "a", count: 43))
            #expect(result.json?["error_codes"] == [501481])
            result = try await Self.redeem(fixture, code: try await Self.code(fixture), verifier: nil)
            #expect(result.json?["error"] == "invalid_grant")

            var plain = Authorization()
            plain.set("code_challenge", Self.verifier)
            plain.set("code_challenge_method", "plain")
            result = try await Self.redeem(fixture, code: try await Self.code(fixture, plain))
            #expect(result.status == .ok)

            result = try await Self.redeem(fixture, code: try await Self.code(fixture), redirectURI: "http://localhost:8400/other")
            #expect(result.json?["error_codes"] == [500112])

            let code = try await Self.code(fixture)
            fixture.simulator.advanceClock(by: 601)
            result = try await Self.redeem(fixture, code: code)
            #expect(result.json?["error_codes"] == [70008])

            result = try await Self.redeem(fixture, code: "made-up")
            #expect(result.json?["error"] == "invalid_grant")
        }
    }

    @Test("amr: v1.0 ID tokens always carry it; v2.0 only when the claims request asks; the page prefills requested values")
    func authenticationMethods() async throws {
        try await SimulatorFixture.with { fixture in
            fixture.simulator.addUser(Self.ana)
            var result = try await Self.redeem(fixture, code: try await Self.code(fixture, version: "v1"))
            let v1 = try #require(jwtClaims(result.json?["id_token"]?.stringValue ?? ""))
            #expect(v1["ver"] == "1.0")
            #expect(v1["iss"]?.stringValue == "https://sts.windows.net/\(fixture.tenant)/")
            #expect(v1["amr"] == ["pwd", "mfa"])
            #expect(v1["upn"] == "ana.new@contoso.com")

            var asking = Authorization()
            asking.set("claims", #"{"id_token":{"amr":{"essential":true,"values":["ngcmfa"]}}}"#)
            let page = try await Self.authorize(fixture, asking)
            #expect(page.body.contains(#"id="amr" name="amr" type="text" value="pwd,ngcmfa""#))
            let redirect = try await Self.signIn(fixture, page: page.body, amr: "pwd,ngcmfa")
            result = try await Self.redeem(fixture, code: try #require(Self.queryItems(of: redirect.header("Location") ?? "")["code"]))
            let v2 = try #require(jwtClaims(result.json?["id_token"]?.stringValue ?? ""))
            #expect(v2["amr"] == nil, "not even when a claims request asks for it: nothing documents that it would")
        }
    }

    @Test("auth_time, onprem_sid and acrs need the optional claims configured on the app")
    func optionalClaims() async throws {
        try await SimulatorFixture.with(optionalClaims: []) { fixture in
            fixture.simulator.addUser(Self.ana)
            let result = try await Self.redeem(fixture, code: try await Self.code(fixture))
            let claims = try #require(jwtClaims(result.json?["id_token"]?.stringValue ?? ""))
            #expect(claims["auth_time"] == nil)
            #expect(claims["onprem_sid"] == nil)
            #expect(claims["acrs"] == nil)
        }
    }

    @Test("form_post delivers the code in a self-submitting form")
    func formPost() async throws {
        try await SimulatorFixture.with { fixture in
            fixture.simulator.addUser(Self.ana)
            var authorization = Authorization()
            authorization.set("response_mode", "form_post")
            let page = try await Self.authorize(fixture, authorization)
            let response = try await Self.signIn(fixture, page: page.body)
            #expect(response.status == .ok)
            #expect(response.body.contains(#"action="\#(SimulatorFixture.redirectURI)""#))
            #expect(response.body.contains(#"name="code""#))
            #expect(response.body.contains(#"name="state" value="st-123""#))
        }
    }

    @Test("authorize errors: unknown client and unregistered redirect are pages; the rest redirect with error and state")
    func authorizeErrors() async throws {
        try await SimulatorFixture.with { fixture in
            fixture.simulator.addUser(Self.ana)
            var authorization = Authorization()
            authorization.set("client_id", "00000000-0000-0000-0000-0000000000aa")
            var result = try await Self.authorize(fixture, authorization)
            #expect(result.status == .badRequest)
            #expect(result.body.contains("AADSTS700016"))

            authorization = Authorization()
            authorization.set("redirect_uri", "https://evil.example/cb")
            result = try await Self.authorize(fixture, authorization)
            #expect(result.status == .badRequest)
            #expect(result.body.contains("AADSTS50011"))
            #expect(result.header("Location") == nil)

            for (name, value, error) in [("response_type", "token", "unsupported_response_type"), ("prompt", "none", "login_required"),
                                         ("code_challenge_method", "S512", "invalid_request"), ("code_challenge", "too-short", "invalid_request"),
                                         ("scope", nil, "invalid_request")] as [(String, String?, String)]
            {
                authorization = Authorization()
                authorization.set(name, value)
                result = try await Self.authorize(fixture, authorization)
                #expect(result.status == .found, "\(name)")
                let items = Self.queryItems(of: result.header("Location") ?? "")
                #expect(items["error"] == error, "\(name)=\(value ?? "nil")")
                #expect(items["state"] == "st-123")
                #expect(items["error_description"]?.hasPrefix("AADSTS") == true)
            }
        }
    }

    @Test("login page: unknown user and disabled account are shown on the page; cancel returns access_denied")
    func loginPage() async throws {
        try await SimulatorFixture.with { fixture in
            let page = try await Self.authorize(fixture)
            var result = try await Self.signIn(fixture, page: page.body, username: "nobody@contoso.com")
            #expect(result.status == .ok)
            #expect(result.body.contains("AADSTS50034"))
            result = try await Self.signIn(fixture, page: page.body, username: SimulatorFixture.kathy.userPrincipalName)
            #expect(result.body.contains("AADSTS50057"))
            result = try await Self.signIn(fixture, page: page.body, action: "cancel")
            #expect(result.status == .found)
            #expect(Self.queryItems(of: result.header("Location") ?? "")["error"] == "access_denied")
            result = try await Self.signIn(fixture, page: page.body, username: SimulatorFixture.manager.userPrincipalName)
            #expect(result.body.contains("expired or was already used"))
        }
    }

    @Test("discovery: endpoints on the simulator, Entra's issuer, auth methods")
    func discovery() async throws {
        try await SimulatorFixture.with { fixture in
            let result = try await fixture.client.get("/\(fixture.tenant)/v2.0/.well-known/openid-configuration")
            #expect(result.status == .ok)
            let document = try #require(result.json)
            let base = "\(fixture.simulator.httpURL)/\(fixture.tenant)"
            #expect(document["issuer"]?.stringValue == "https://login.microsoftonline.com/\(fixture.tenant)/v2.0")
            #expect(document["authorization_endpoint"]?.stringValue == "\(base)/oauth2/v2.0/authorize")
            #expect(document["token_endpoint"]?.stringValue == "\(base)/oauth2/v2.0/token")
            #expect(document["jwks_uri"]?.stringValue == "\(base)/discovery/v2.0/keys")
            let methods = document["token_endpoint_auth_methods_supported"]?.arrayValue ?? []
            #expect(methods.contains("client_secret_post") && methods.contains("private_key_jwt"))
            #expect(try await fixture.client.get("/contoso.onmicrosoft.com/v2.0/.well-known/openid-configuration").json?["issuer"] == document["issuer"])
        }
    }
}

struct IDTokenPayload: JWTPayload {
    var aud: AudienceClaim
    var exp: ExpirationClaim
    var nonce: String?

    func verify(using _: some JWTAlgorithm) async throws {
        try exp.verifyNotExpired()
    }
}
