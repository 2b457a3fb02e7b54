import FirstkeySimulator
import Foundation
@testable import Microsoft
import NIOHTTP1
import Testing

@Suite(.serialized) struct TokenValidationIntegrationTests {
    static let logicApp = "aaaaaaaa-0000-0000-0000-00000000000a"

    func validator(_ environment: SimulatorEnvironment, keys: EntraSigningKeys, role: String? = nil) -> EntraJWTValidator {
        EntraJWTValidator(
            policy: EntraAccessTokenPolicy(
                audiences: EntraAccessTokenPolicy.audiences(clientID: environment.application.clientID, appIDURIs: ["api://firstkey"]),
                allowedCallerAppIDs: [Self.logicApp], requiredRole: role),
            keys: keys)
    }

    func refusal(_ validator: EntraJWTValidator, _ token: String) async -> TokenValidationError.Code? {
        do {
            _ = try await validator.validate(token)
            return nil
        } catch {
            #expect(!error.description.contains(token))
            return error.code
        }
    }

    @Test(arguments: [SimulatorEnvironment.Scheme.http, .https])
    func managedIdentityTokensV1AndV2(_ scheme: SimulatorEnvironment.Scheme) async throws {
        try await SimulatorEnvironment.with(scheme) { environment in
            let validator = validator(environment, keys: try environment.signingKeys(), role: "Firstkey.Intake")
            let v1 = try environment.simulator.issueAccessToken(SimulatedAccessToken(audience: "api://firstkey/", appID: Self.logicApp, roles: ["Firstkey.Intake"]))
            let claims = try await validator.validate(v1)
            #expect(claims.version == .v1)
            #expect(claims.callerAppID == Self.logicApp)
            #expect(claims.tenantID == environment.simulator.tenantID)
            #expect(claims.identityType == "app")

            let v2 = try environment.simulator.issueAccessToken(SimulatedAccessToken(
                version: .v2, audience: environment.application.clientID, appID: Self.logicApp, roles: ["Firstkey.Intake"]))
            #expect(try await validator.validate(authorizationHeader: "Bearer \(v2)").version == .v2)
        }
    }

    @Test func refusals() async throws {
        try await SimulatorEnvironment.with { environment in
            let simulator = environment.simulator
            let validator = validator(environment, keys: try environment.signingKeys(), role: "Firstkey.Intake")
            func token(_ change: (inout SimulatedAccessToken) -> Void = { _ in }) throws -> String {
                var claims = SimulatedAccessToken(audience: "api://firstkey", appID: Self.logicApp, roles: ["Firstkey.Intake"])
                change(&claims)
                return try simulator.issueAccessToken(claims)
            }
            #expect(await refusal(validator, try token()) == nil)
            #expect(await refusal(validator, try token { $0.issuer = "https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/" }) == .wrongIssuer)
            #expect(await refusal(validator, try token { $0.audience = "https://management.azure.com" }) == .wrongAudience)
            #expect(await refusal(validator, try token { $0.appID = "ce79fdc4-cd1d-4ea5-8139-e74d7dbe0bb7" }) == .callerNotAllowed)
            #expect(await refusal(validator, try token { $0.roles = [] }) == .missingRole)
            #expect(await refusal(validator, try token {
                $0.issuedAt = Date().addingTimeInterval(-7200)
                $0.expiresAt = Date().addingTimeInterval(-3600)
            }) == .expired)
            #expect(await refusal(validator, try token { $0.tenantID = "72f988bf-86f1-41af-91ab-2d7cd011db47" }) == .wrongIssuer)
            #expect(await refusal(validator, try token { $0.signature = .stripped }) == .invalidSignature)
            #expect(await refusal(validator, try token { $0.signature = .unpublishedKey }) == .unknownSigningKey)

            // A published kid with a tampered payload.
            let genuine = try token().split(separator: ".")
            let other = try token { $0.appID = "ce79fdc4-cd1d-4ea5-8139-e74d7dbe0bb7" }.split(separator: ".")
            #expect(await refusal(validator, [genuine[0], other[1], genuine[2]].joined(separator: ".")) == .invalidSignature)
        }
    }

    @Test func keyRotationIsFollowedOnce() async throws {
        try await SimulatorEnvironment.with { environment in
            let simulator = environment.simulator
            let clock = ManualClock(Date())
            let keys = try environment.signingKeys(now: clock.function)
            let validator = EntraJWTValidator(
                policy: EntraAccessTokenPolicy(audiences: ["api://firstkey"], allowedCallerAppIDs: [Self.logicApp]), keys: keys)
            let claims = SimulatedAccessToken(audience: "api://firstkey", appID: Self.logicApp)
            let before = try simulator.issueAccessToken(claims)
            _ = try await validator.validate(before)

            try simulator.rotateSigningKey()
            let after = try simulator.issueAccessToken(claims)
            // Within the refetch interval the new kid is refused without asking the STS again...
            #expect(await refusal(validator, after) == .unknownSigningKey)
            // ...and once it has passed, one refetch picks the new key up.
            clock.advance(by: 301)
            _ = try await validator.validate(after)
            _ = try await validator.validate(before)

            simulator.retireOldSigningKeys()
            clock.advance(by: 86_400)
            _ = try await validator.validate(after)
            #expect(await refusal(validator, before) == .unknownSigningKey)
        }
    }

    @Test func portalSignInWithPKCE() async throws {
        try await SimulatorEnvironment.with(.https) { environment in
            let simulator = environment.simulator
            let user = SimulatedUser(userPrincipalName: "kjensen@contoso.com", displayName: "Kathy Jensen", onPremisesSecurityIdentifier: "S-1-5-21-1-2-3-1105")
            simulator.addUser(user)
            let configuration = try environment.configuration(
                credential: .certificate(try EntraClientCertificate(certificatePEM: TestKeys.certificateA, privateKeyPEM: TestKeys.privateKeyA)))
            let redirect = URL(string: "https://firstkey.example.com/portal/callback")!
            let verifier = PKCECodeVerifier()
            let nonce = UUID().uuidString
            let authorize = AuthorizationRequest(
                redirectURI: redirect, codeVerifier: verifier, state: "state-1", nonce: nonce, responseMode: .query, prompt: .login)

            // The browser's part: open the authorize URL, submit the simulator's login form.
            let page = try await environment.transport.send(
                MicrosoftHTTPRequest(method: .GET, url: authorize.url(configuration: configuration), operation: "test"), timeout: .seconds(10))
            let html = String(decoding: page.body, as: UTF8.self)
            let requestID = try require_(html.range(of: #"name="request_id" value=""#).map { html[$0.upperBound...].prefix { $0 != "\"" } })
            let login = try await environment.transport.send(
                MicrosoftHTTPRequest(
                    method: .POST, url: URL(string: "\(environment.baseURL)/\(simulator.tenantID)/login")!,
                    headers: ["Content-Type": "application/x-www-form-urlencoded"],
                    body: FormEncoding.encode([
                        ("request_id", String(requestID)), ("username", user.userPrincipalName), ("amr", "pwd,mfa"), ("acrs", ""),
                        ("auth_time_offset", "-30"), ("token_version", "v2"), ("action", "sign_in"),
                    ]),
                    operation: "test"),
                timeout: .seconds(10))
            #expect(login.status == .found || login.status == .seeOther)
            let location = try require_(login.headers.first(name: "Location").flatMap { URLComponents(string: $0) })
            #expect(location.queryItems?.first { $0.name == "state" }?.value == "state-1")
            let code = try require_(location.queryItems?.first { $0.name == "code" }?.value)

            // Firstkey's part: redeem the code and validate the ID token.
            let tokens = EntraTokenClient(configuration: configuration, transport: environment.transport, logger: quietLogger)
            let redeemed = try await tokens.redeemAuthorizationCode(code, redirectURI: redirect, codeVerifier: verifier)
            let idToken = try require_(redeemed.idToken)
            let keys = EntraSigningKeys(configuration: configuration, transport: environment.transport, logger: quietLogger)
            let validator = IDTokenValidator(policy: IDTokenPolicy(clientID: configuration.clientID, maximumAuthenticationAge: .seconds(300)), keys: keys)
            let claims = try await validator.validate(idToken, expectedNonce: nonce)
            #expect(claims.objectID == user.id)
            #expect(claims.tenantID == simulator.tenantID)
            #expect(claims.preferredUsername == "kjensen@contoso.com")
            #expect(try require_(claims.authenticationTime).timeIntervalSinceNow < -20)

            let replay = await #expect(throws: TokenValidationError.self) { try await validator.validate(idToken, expectedNonce: "another sign-in") }
            #expect(replay?.code == .wrongNonce)

            // A code is single-use, and the redemption is not blindly repeated.
            let again = await #expect(throws: EntraError.self) { try await tokens.redeemAuthorizationCode(code, redirectURI: redirect, codeVerifier: verifier) }
            #expect(again?.code == .invalidGrant)
        }
    }
}
