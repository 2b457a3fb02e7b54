@testable import FirstkeySimulator
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// The HTTPS listener: a leaf for 127.0.0.1 and localhost signed by the simulator's test CA.
@Suite("TLS")
struct TLSTests {
    @Test("the leaf names 127.0.0.1 (IP SAN) and localhost (DNS SAN)")
    func subjectAlternativeNames() throws {
        let pki = try TestPublicKeyInfrastructure.generate(hosts: ["127.0.0.1", "localhost"], now: Date())
        #expect(Set(pki.leafSubjectAlternativeNames) == ["IP:127.0.0.1", "DNS:localhost"])
    }

    @Test("HTTPS works for a client trusting only the test CA; links use https")
    func trustedCA() async throws {
        try await SimulatorFixture.with(https: true) { fixture in
            let httpsURL = try #require(fixture.simulator.httpsURL)
            #expect(httpsURL.hasPrefix("https://127.0.0.1:"))
            #expect(fixture.simulator.certificateAuthorityPEM.hasPrefix("-----BEGIN CERTIFICATE-----"))
            // HummingbirdTesting's client cannot send an IP address as SNI, so it connects by name.
            for serverName in ["localhost"] {
                let client = SimulatorHTTPClient(url: httpsURL, configuration: .init(tlsConfiguration: try fixture.simulator.clientTLSConfiguration(), serverName: serverName))
                let result = try await client.get("/\(fixture.tenant)/v2.0/.well-known/openid-configuration")
                #expect(result.status == .ok)
                #expect(result.json?["token_endpoint"]?.stringValue?.hasPrefix(httpsURL) == true)
            }
        }
    }

    @Test("a client trusting another simulator's CA fails the handshake")
    func untrusted() async throws {
        let other = try await SimulatorFixture.start(https: true)
        let foreignTrust = try other.simulator.clientTLSConfiguration()
        try await other.simulator.shutdown()
        try await SimulatorFixture.with(https: true) { fixture in
            let httpsURL = try #require(fixture.simulator.httpsURL)
            let client = SimulatorHTTPClient(url: httpsURL, configuration: .init(tlsConfiguration: foreignTrust, serverName: "localhost"))
            await #expect(throws: (any Error).self) {
                _ = try await client.get("/\(fixture.tenant)/discovery/v2.0/keys")
            }
        }
    }
}
