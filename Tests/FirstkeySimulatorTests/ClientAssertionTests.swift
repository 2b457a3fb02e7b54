import FirstkeySimulator
import Foundation
import HTTPTypes
import Testing

/// Certificate credentials: PS256 + x5t#S256 and RS256 + x5t accepted; every check Entra makes
/// rejects a bad assertion.
@Suite("Token endpoint: client assertions")
struct ClientAssertionTests {
    static let assertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"

    func request(_ fixture: SimulatorFixture, assertion: String, type: String = Self.assertionType) async throws -> HTTPResult {
        try await fixture.client.postForm(fixture.tokenPath, [
            ("grant_type", "client_credentials"), ("client_id", SimulatorFixture.clientID), ("scope", "https://graph.microsoft.com/.default"),
            ("client_assertion_type", type), ("client_assertion", assertion),
        ])
    }

    func audience(_ fixture: SimulatorFixture) -> String {
        "https://login.microsoftonline.com/\(fixture.tenant)/oauth2/v2.0/token"
    }

    @Test("PS256 with x5t#S256 and RS256 with x5t both get a token with appidacr 2")
    func bothStylesAccepted() async throws {
        let credential = try SimulatedCertificateCredential.generate()
        try await SimulatorFixture.with(certificates: [credential.certificate]) { fixture in
            for style in [ClientAssertion.Style.ps256SHA256Thumbprint, .rs256SHA1Thumbprint] {
                let assertion = try await ClientAssertion.make(credential: credential, clientID: SimulatorFixture.clientID, audience: audience(fixture), style: style)
                let result = try await request(fixture, assertion: assertion)
                #expect(result.status == .ok, "\(style): \(result.body)")
                let token = try #require(result.json?["access_token"]?.stringValue)
                #expect(jwtClaims(token)?["appidacr"] == "2")
            }
            // The audience may also name the simulator's own token endpoint (the authority host the client was given).
            let simulatorAudience = "\(fixture.simulator.httpURL)/\(fixture.tenant)/oauth2/v2.0/token"
            let assertion = try await ClientAssertion.make(credential: credential, clientID: SimulatorFixture.clientID, audience: simulatorAudience)
            #expect(try await request(fixture, assertion: assertion).status == .ok)
        }
    }

    @Test("a replayed jti is rejected")
    func replayRejected() async throws {
        let credential = try SimulatedCertificateCredential.generate()
        try await SimulatorFixture.with(certificates: [credential.certificate]) { fixture in
            let assertion = try await ClientAssertion.make(credential: credential, clientID: SimulatorFixture.clientID, audience: audience(fixture))
            #expect(try await request(fixture, assertion: assertion).status == .ok)
            let replay = try await request(fixture, assertion: assertion)
            #expect(replay.status == .unauthorized)
            #expect(replay.json?["error"] == "invalid_client")
        }
    }

    @Test("expired or not-yet-valid assertions are AADSTS700024")
    func timeWindow() async throws {
        let credential = try SimulatedCertificateCredential.generate()
        try await SimulatorFixture.with(certificates: [credential.certificate]) { fixture in
            let expired = try await ClientAssertion.make(credential: credential, clientID: SimulatorFixture.clientID, audience: audience(fixture),
                                                         notBefore: Date().addingTimeInterval(-3600), lifetime: 600)
            var result = try await request(fixture, assertion: expired)
            #expect(result.status == .unauthorized)
            #expect(result.json?["error_codes"] == [700024])
            let future = try await ClientAssertion.make(credential: credential, clientID: SimulatorFixture.clientID, audience: audience(fixture),
                                                        notBefore: Date().addingTimeInterval(3600))
            result = try await request(fixture, assertion: future)
            #expect(result.json?["error_codes"] == [700024])
        }
    }

    @Test("wrong audience, issuer, unregistered certificate, tampered signature, wrong type, garbage")
    func rejections() async throws {
        let registered = try SimulatedCertificateCredential.generate()
        let stranger = try SimulatedCertificateCredential.generate(commonName: "stranger")
        try await SimulatorFixture.with(certificates: [registered.certificate]) { fixture in
            let wrongAudience = try await ClientAssertion.make(credential: registered, clientID: SimulatorFixture.clientID,
                                                               audience: "https://login.microsoftonline.com/common/oauth2/v2.0/token")
            var result = try await request(fixture, assertion: wrongAudience)
            #expect(result.json?["error_codes"] == [700023])

            let wrongIssuer = try await ClientAssertion.make(credential: registered, clientID: SimulatorFixture.clientID, audience: audience(fixture),
                                                             issuer: "someone-else")
            result = try await request(fixture, assertion: wrongIssuer)
            #expect(result.json?["error_codes"] == [700021])

            let unregistered = try await ClientAssertion.make(credential: stranger, clientID: SimulatorFixture.clientID, audience: audience(fixture))
            result = try await request(fixture, assertion: unregistered)
            #expect(result.status == .unauthorized)
            #expect(result.json?["error_codes"] == [700027])

            // Same header (registered thumbprint), signature by another key.
            let forged = try await ClientAssertion.make(credential: stranger, clientID: SimulatorFixture.clientID, audience: audience(fixture))
            let registeredHeader = try await ClientAssertion.make(credential: registered, clientID: SimulatorFixture.clientID, audience: audience(fixture))
                .split(separator: ".")[0]
            let parts = forged.split(separator: ".")
            result = try await request(fixture, assertion: "\(registeredHeader).\(parts[1]).\(parts[2])")
            #expect(result.json?["error_codes"] == [700027])
            #expect(result.json?["error_description"]?.stringValue?.contains("signature") == true)

            let fresh = try await ClientAssertion.make(credential: registered, clientID: SimulatorFixture.clientID, audience: audience(fixture))
            result = try await request(fixture, assertion: fresh, type: "urn:ietf:params:oauth:client-assertion-type:saml2-bearer")
            #expect(result.json?["error"] == "invalid_request")

            result = try await request(fixture, assertion: "not.a.jwt")
            #expect(result.json?["error_codes"] == [50027])
        }
    }
}
