import LDAPClient
import Testing

/// DC discovery through DNS SRV, resolved by libresolv against a loopback DNS responder, then a
/// real LDAPS connection to what it found.
@Suite(.enabled(if: IntegrationEnvironment.available))
struct DiscoveryTests {
    typealias Env = IntegrationEnvironment

    @Test func discoversDomainControllersInPriorityOrderAndConnects() async throws {
        let responder = try await DNSResponder(records: [
            "_ldap._tcp.dc._msdcs.ad.example.test": [
                .init(priority: 10, weight: 100, port: 389, target: "dc2.ad.example.test"),
                .init(priority: 0, weight: 100, port: 389, target: "localhost"),
            ],
        ])
        let servers = try await LDAPServerDiscovery.domainControllers(for: "ad.example.test", nameServer: "127.0.0.1:\(responder.port)")
        #expect(servers == [LDAPServer(host: "localhost", port: 636, security: .ldaps), LDAPServer(host: "dc2.ad.example.test", port: 636, security: .ldaps)])
        let startTLS = try await LDAPServerDiscovery.domainControllers(for: "ad.example.test", security: .startTLS, nameServer: "127.0.0.1:\(responder.port)")
        #expect(startTLS.first == LDAPServer(host: "localhost", port: 389, security: .startTLS))
        // The first one is a real DC whose certificate names localhost.
        let connection = try await Env.connect(try #require(servers.first), tls: try Env.dc1.tls, bindDN: try Env.dc1.serviceDN, password: try Env.dc1.servicePassword)
        await connection.unbind()

        let missing = await #expect(throws: LDAPError.self) {
            _ = try await LDAPServerDiscovery.domainControllers(for: "nowhere.example.test", nameServer: "127.0.0.1:\(responder.port)")
        }
        #expect(missing?.code == .noServerAvailable)
        #expect(missing?.description.contains("_ldap._tcp.dc._msdcs.nowhere.example.test") == true)
        await responder.stop()
    }
}
