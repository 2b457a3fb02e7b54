import Foundation
@testable import Microsoft
import NIOHTTP1
import Synchronization
import Testing

/// The validators end to end against a scripted STS: discovery, JWKS, locally signed tokens.
@Suite struct TokenValidatorTests {
    let clock = ManualClock(Date())
    let caller = "aaaaaaaa-0000-0000-0000-000000000001"

    /// The STS publishes `published` (changeable), and counts JWKS fetches.
    final class STS: Sendable {
        let published: Mutex<[TokenMinter]>
        init(_ minters: [TokenMinter]) { published = Mutex(minters) }

        func transport() -> ScriptedTransport {
            ScriptedTransport { [self] request, _ in
                if request.url.path.hasSuffix("openid-configuration") { return .json(.ok, TokenMinter.discovery()) }
                return .json(.ok, try TokenMinter.jwks(published.withLock { $0 }))
            }
        }
    }

    func validator(_ transport: ScriptedTransport, requiredRole: String? = nil) throws -> EntraJWTValidator {
        let keys = EntraSigningKeys(configuration: try Fixtures.configuration(), transport: transport, logger: quietLogger, now: clock.function)
        return EntraJWTValidator(
            policy: EntraAccessTokenPolicy(audiences: EntraAccessTokenPolicy.audiences(clientID: Fixtures.clientID, appIDURIs: ["api://firstkey"]),
                                           allowedCallerAppIDs: [caller], requiredRole: requiredRole),
            keys: keys, now: clock.function)
    }

    @Test func validTokenAndCachedKeys() async throws {
        let sts = STS([TokenMinter()])
        let transport = sts.transport()
        let validator = try validator(transport)
        let token = try await TokenMinter().sign(TokenMinter.accessTokenPayload(now: clock.now))
        let claims = try await validator.validate(token)
        #expect(claims.callerAppID == caller)
        _ = try await validator.validate(authorizationHeader: "Bearer \(token)")
        #expect(transport.requests.count == 2, "discovery and JWKS fetched once")
        #expect(transport.requests.map(\.url.path) == ["/\(Fixtures.tenantID)/v2.0/.well-known/openid-configuration", "/\(Fixtures.tenantID)/discovery/v2.0/keys"])
    }

    @Test func rotationIsPickedUpAndForgedKidsAreRateLimited() async throws {
        let oldKey = TokenMinter(kid: "old", privateKeyPEM: TestKeys.privateKeyA)
        let newKey = TokenMinter(kid: "new", privateKeyPEM: TestKeys.privateKeyB)
        let sts = STS([oldKey])
        let transport = sts.transport()
        let validator = try validator(transport)
        _ = try await validator.validate(try await oldKey.sign(TokenMinter.accessTokenPayload(now: clock.now)))

        sts.published.withLock { $0 = [oldKey, newKey] }
        clock.advance(by: 301)
        _ = try await validator.validate(try await newKey.sign(TokenMinter.accessTokenPayload(now: clock.now)))
        #expect(transport.requests.count == 4)

        let forged = try await TokenMinter(kid: "forged", privateKeyPEM: TestKeys.privateKeyB).sign(TokenMinter.accessTokenPayload(now: clock.now))
        for _ in 0..<5 {
            let error = await #expect(throws: TokenValidationError.self) { try await validator.validate(forged) }
            #expect(error?.code == .unknownSigningKey)
        }
        #expect(transport.requests.count == 4, "no refetch within the rate limit")
    }

    @Test func badSignatureAlgorithmsAndShapes() async throws {
        let validator = try validator(STS([TokenMinter()]).transport())
        let payload = TokenMinter.accessTokenPayload(now: clock.now)

        // Signed by another key under the published kid.
        let impostor = try await TokenMinter(kid: "key-a", privateKeyPEM: TestKeys.privateKeyB).sign(payload)
        #expect(await refusal(validator, impostor) == .invalidSignature)

        // A valid token with its payload swapped.
        let genuine = try await TokenMinter().sign(payload)
        var other = payload
        other.appid = "ce79fdc4-cd1d-4ea5-8139-e74d7dbe0bb7"
        let swapped = try await TokenMinter().sign(other)
        let parts = genuine.split(separator: ".")
        let tampered = [parts[0], swapped.split(separator: ".")[1], parts[2]].joined(separator: ".")
        #expect(await refusal(validator, tampered) == .invalidSignature)

        #expect(await refusal(validator, try await TokenMinter().sign(payload, algorithm: "PS256")) == .unsupportedAlgorithm)
        let none = Base64URL.encode(Array(#"{"alg":"none","kid":"key-a"}"#.utf8)) + "." + parts[1] + "."
        #expect(await refusal(validator, none) == .unsupportedAlgorithm)
        #expect(await refusal(validator, "not-a-jwt") == .malformedToken)
        #expect(await refusal(validator, "a.b") == .malformedToken)
        let error = await #expect(throws: TokenValidationError.self) { try await validator.validate(authorizationHeader: "Basic abc") }
        #expect(error?.code == .malformedToken)
    }

    @Test func refusalsNameTheCheckAndNeverEchoTheToken() async throws {
        let validator = try validator(STS([TokenMinter()]).transport(), requiredRole: "Firstkey.Intake")
        let wrongAudience = try await TokenMinter().sign(TokenMinter.accessTokenPayload(now: clock.now, audience: "api://other"))
        let error = await #expect(throws: TokenValidationError.self) { try await validator.validate(wrongAudience) }
        #expect(error?.code == .wrongAudience)
        #expect(error.map { !"\($0)".contains(wrongAudience) && !"\($0)".contains(wrongAudience.split(separator: ".")[2]) } == true)

        let expired = try await TokenMinter().sign(TokenMinter.accessTokenPayload(now: clock.now.addingTimeInterval(-7200), lifetime: 3600))
        #expect(await refusal(validator, expired) == .expired)
        let noRole = try await TokenMinter().sign(TokenMinter.accessTokenPayload(now: clock.now))
        #expect(await refusal(validator, noRole) == .missingRole)
    }

    @Test func unreachableKeys() async throws {
        let transport = ScriptedTransport { _, _ in .empty(.serviceUnavailable) }
        let keys = EntraSigningKeys(configuration: try Fixtures.configuration(), transport: transport, retryPolicy: .never, logger: quietLogger, now: clock.function)
        let validator = EntraJWTValidator(policy: EntraAccessTokenPolicy(audiences: ["api://firstkey"], allowedCallerAppIDs: [caller]), keys: keys, now: clock.function)
        let token = try await TokenMinter().sign(TokenMinter.accessTokenPayload(now: clock.now))
        let error = await #expect(throws: TokenValidationError.self) { try await validator.validate(token) }
        #expect(error?.code == .signingKeysUnavailable)
        #expect(error?.description.contains("503") == true)
    }

    @Test func discoveryPointingElsewhereIsRefused() async throws {
        let transport = ScriptedTransport { request, _ in
            .json(.ok, TokenMinter.discovery(jwksURI: "https://keys.attacker.example/keys"))
        }
        let keys = EntraSigningKeys(configuration: try Fixtures.configuration(), transport: transport, logger: quietLogger, now: clock.function)
        let validator = EntraJWTValidator(policy: EntraAccessTokenPolicy(audiences: ["api://firstkey"], allowedCallerAppIDs: [caller]), keys: keys, now: clock.function)
        #expect(await refusal(validator, try await TokenMinter().sign(TokenMinter.accessTokenPayload(now: clock.now))) == .signingKeysUnavailable)
        #expect(transport.requests.count == 1)
    }

    @Test func idTokenValidator() async throws {
        let transport = STS([TokenMinter()]).transport()
        let keys = EntraSigningKeys(configuration: try Fixtures.configuration(), transport: transport, logger: quietLogger, now: clock.function)
        let validator = IDTokenValidator(policy: IDTokenPolicy(clientID: Fixtures.clientID), keys: keys, now: clock.function)
        let token = try await TokenMinter().sign(TokenMinter.idTokenPayload(now: clock.now, nonce: "n-1"))
        #expect(try await validator.validate(token, expectedNonce: "n-1").objectID == "cccccccc-0000-0000-0000-000000000003")
        let error = await #expect(throws: TokenValidationError.self) { try await validator.validate(token, expectedNonce: "n-2") }
        #expect(error?.code == .wrongNonce)
    }

    func refusal(_ validator: EntraJWTValidator, _ token: String) async -> TokenValidationError.Code? {
        do {
            _ = try await validator.validate(token)
            return nil
        } catch {
            return error.code
        }
    }
}
