import FirstkeySimulator
import Foundation
import HTTPTypes
import Testing

/// JWKS rotation: a new key signs new tokens, the old one stays published until retired.
@Suite("Identity: signing key rotation")
struct SigningKeyRotationTests {
    @Test("rotate, both keys published and accepted, retire the old one, old tokens fail")
    func rotation() async throws {
        try await SimulatorFixture.with { fixture in
            let keysPath = "/\(fixture.tenant)/discovery/v2.0/keys"
            let before = try await fixture.client.get(keysPath)
            #expect(before.json?["keys"]?.arrayValue?.count == 1)
            let oldToken = try await fixture.graphToken()
            let oldKid = try #require(jwtHeader(oldToken)?["kid"]?.stringValue)
            let firstKey = try #require(before.json?["keys"]?.arrayValue?.first)
            #expect(firstKey["kid"]?.stringValue == oldKid)
            #expect(firstKey["kty"] == "RSA")
            #expect(firstKey["use"] == "sig")
            #expect(firstKey["x5c"]?.arrayValue?.count == 1)

            let newKid = try fixture.simulator.rotateSigningKey()
            #expect(newKid != oldKid)
            let during = try await fixture.client.get(keysPath)
            #expect(Set(during.json?["keys"]?.arrayValue?.compactMap { $0["kid"]?.stringValue } ?? []) == [oldKid, newKid])
            let newToken = try await fixture.graphToken()
            #expect(jwtHeader(newToken)?["kid"]?.stringValue == newKid)
            #expect(try await fixture.graph(.get, "/v1.0/users/kjensen@contoso.com", token: oldToken).status == .ok)
            #expect(try await fixture.graph(.get, "/v1.0/users/kjensen@contoso.com", token: newToken).status == .ok)

            fixture.simulator.retireOldSigningKeys()
            let after = try await fixture.client.get(keysPath)
            #expect(after.json?["keys"]?.arrayValue?.compactMap { $0["kid"]?.stringValue } == [newKid])
            #expect(try await fixture.graph(.get, "/v1.0/users/kjensen@contoso.com", token: oldToken).status == .unauthorized)
            #expect(try await fixture.graph(.get, "/v1.0/users/kjensen@contoso.com", token: newToken).status == .ok)
        }
    }
}
