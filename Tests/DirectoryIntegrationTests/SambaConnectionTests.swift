import Foundation
import LDAP
import LDAPClient
import Testing
@testable import Directory

/// The LDAP client against a real Samba AD DC: TLS, binds, searches, controls, the DC's errors.
@Suite(.enabled(if: IntegrationEnvironment.available))
struct SambaConnectionTests {
    typealias Env = IntegrationEnvironment

    @Test func ldapsBindAsTheServiceAccount() async throws {
        let connection = try await Env.connect(try Env.dc1.ldaps, tls: try Env.dc1.tls, bindDN: try Env.dc1.serviceDN, password: try Env.dc1.servicePassword)
        let root = try await connection.search(SearchRequest(baseDN: "", scope: .baseObject, attributes: ["defaultNamingContext", "supportedControl"]))
        #expect(root.entries.first?.string("defaultNamingContext") == (try Env.dc1.baseDN))
        #expect(root.entries.first?.strings("supportedControl").contains(PagedResultsControl.oid) == true)
        await connection.unbind()
    }

    @Test func startTLSThenBind() async throws {
        let connection = try await Env.connect(try Env.dc1.startTLS, tls: try Env.dc1.tls, bindDN: try Env.dc1.serviceDN, password: try Env.dc1.servicePassword)
        let response = try await connection.search(SearchRequest(baseDN: try Env.dc1.usersOU, scope: .baseObject))
        #expect(response.entries.count == 1)
        await connection.unbind()
    }

    @Test func aSimpleBindWithoutTLSIsRefusedWithStrongerAuthRequired() async throws {
        let connection = try await Env.connect(LDAPServer(host: try Env.dc1.host, port: 389, security: .plain), tls: LDAPTLSConfiguration())
        let error = await #expect(throws: LDAPError.self) {
            try await connection.bind(dn: try Env.dc1.serviceDN, password: try Env.dc1.servicePassword)
        }
        #expect(error?.resultCode == .strongerAuthRequired)
        #expect(error?.result?.diagnosticMessage == "BindSimple: Transport encryption required.")
        let explained = DirectoryError.from(try #require(error), operation: .bind, context: "Binding")
        #expect(explained.description.contains("LDAPS"))
        await connection.close()
    }

    @Test func aCertificateFromAnotherCAIsRefused() async throws {
        let otherCA = try IntegrationEnvironment.value("OPENLDAP_CA_CERT")
        let error = await #expect(throws: LDAPError.self) {
            _ = try await Env.connect(try Env.dc1.ldaps, tls: LDAPTLSConfiguration(caFile: otherCA))
        }
        #expect(error?.code == .tlsFailed)
        #expect(error?.description.contains("not trusted by the configured CA bundle") == true)
        // StartTLS verifies the same way.
        let startTLSError = await #expect(throws: LDAPError.self) {
            _ = try await Env.connect(try Env.dc1.startTLS, tls: LDAPTLSConfiguration(caFile: otherCA))
        }
        #expect(startTLSError?.code == .tlsFailed)
    }

    /// Reached through 127.0.0.5, an address the DC's certificate does not name.
    @Test func aCertificateForAnotherHostNameIsRefused() async throws {
        let forwarder = try await TCPForwarder(listenHost: "127.0.0.5", targetHost: try Env.dc1.host, targetPort: 636)
        let viaForwarder = LDAPServer(host: "127.0.0.5", port: forwarder.listenPort, security: .ldaps)
        for serverName in [nil, "wrong.example.test"] as [String?] {
            let error = await #expect(throws: LDAPError.self) {
                _ = try await Env.connect(viaForwarder, tls: LDAPTLSConfiguration(caFile: try Env.dc1.caFile, serverName: serverName))
            }
            #expect(error?.code == .tlsFailed)
            #expect(error?.description.contains("does not name the host") == true)
        }
        // The name the certificate carries works, so the failures above are about the name alone.
        let connection = try await Env.connect(viaForwarder, tls: LDAPTLSConfiguration(caFile: try Env.dc1.caFile, serverName: "dc1.ad.example.test"))
        await connection.close()
        await forwarder.stop()
    }

    @Test func theLabOnlySwitchSkipsVerification() async throws {
        let connection = try await Env.connect(try Env.dc1.ldaps, tls: LDAPTLSConfiguration(caFile: try IntegrationEnvironment.value("OPENLDAP_CA_CERT"), insecureSkipVerificationLabOnly: true))
        #expect(connection.isActive)
        await connection.close()
    }

    @Test func aWrongPasswordIsExplainedFromDataCode52e() async throws {
        let connection = try await Env.connect(try Env.dc1.ldaps, tls: try Env.dc1.tls)
        let error = await #expect(throws: LDAPError.self) {
            try await connection.bind(dn: try Env.dc1.serviceDN, password: "Not-The-Password-1")
        }
        #expect(error?.resultCode == .invalidCredentials)
        #expect(error?.result?.diagnosticMessage.contains("data 52e") == true)
        let explained = DirectoryError.from(try #require(error), operation: .bind, context: "Binding")
        #expect(explained.description.lowercased().contains("password"))
        #expect(!explained.description.contains("Not-The-Password-1"))
        await connection.close()
    }

    @Test func whoAmIIsNotSupportedByTheDC() async throws {
        let connection = try await Env.connect(try Env.dc1.ldaps, tls: try Env.dc1.tls, bindDN: try Env.dc1.serviceDN, password: try Env.dc1.servicePassword)
        let error = await #expect(throws: LDAPError.self) { _ = try await connection.whoAmI() }
        #expect(error?.resultCode == .protocolError)
        #expect(error?.result?.diagnosticMessage == "Extended Operation(1.3.6.1.4.1.4203.1.11.3) not supported")
        await connection.unbind()
    }

    @Test func subtreeSearchFromTheDomainRootReturnsReferencesUnlessDomainScoped() async throws {
        let connection = try await Env.connect(try Env.dc1.ldaps, tls: try Env.dc1.tls, bindDN: try Env.dc1.serviceDN, password: try Env.dc1.servicePassword)
        let request = SearchRequest(baseDN: try Env.dc1.baseDN, filter: .equal("sAMAccountName", "alice"), attributes: ["cn"])
        let plain = try await connection.search(request)
        #expect(plain.entries.count == 1)
        #expect(plain.references.count == 3)
        #expect(plain.references.allSatisfy { $0.first?.hasPrefix("ldaps://ad.example.test/") == true })
        let scoped = try await connection.search(request, controls: [DomainScopeControl.control()])
        #expect(scoped.entries.count == 1)
        #expect(scoped.references.isEmpty)
        await connection.unbind()
    }

    @Test func pagedResultsWalkEveryPage() async throws {
        let connection = try await Env.connect(try Env.dc1.ldaps, tls: try Env.dc1.tls, bindDN: try Env.dc1.serviceDN, password: try Env.dc1.servicePassword)
        let request = SearchRequest(baseDN: "CN=Users,\(try Env.dc1.baseDN)", scope: .singleLevel, filter: .present(attribute: "objectClass"), attributes: ["cn"])
        let all = try await connection.search(request)
        let paged = try await connection.searchAllPages(request, pageSize: 2)
        #expect(all.entries.count > 4)
        #expect(Set(paged.entries.map(\.dn)) == Set(all.entries.map(\.dn)))
        await connection.unbind()
    }

    @Test func attributeSelectionOnePointOneReturnsNoAttributes() async throws {
        let connection = try await Env.connect(try Env.dc1.ldaps, tls: try Env.dc1.tls, bindDN: try Env.dc1.serviceDN, password: try Env.dc1.servicePassword)
        let request = SearchRequest(baseDN: "CN=Users,\(try Env.dc1.baseDN)", scope: .singleLevel, attributes: ["1.1"])
        let response = try await connection.search(request)
        #expect(response.entries.count > 1)
        #expect(response.entries.allSatisfy { $0.attributes.isEmpty })
        await connection.unbind()
    }

    @Test func binaryAttributesArriveIntact() async throws {
        let connection = try await Env.connect(try Env.dc1.ldaps, tls: try Env.dc1.tls, bindDN: try Env.dc1.serviceDN, password: try Env.dc1.servicePassword)
        let entry = try #require(try await connection.search(SearchRequest(baseDN: try Env.dc1.baseDN, filter: .equal("sAMAccountName", "alice"), attributes: ["objectSid", "objectGUID"]), controls: [DomainScopeControl.control()]).entries.first)
        let sid = try SecurityIdentifier(bytes: try #require(entry.values("objectSid").first))
        #expect(sid.description.hasPrefix("S-1-5-21-"))
        // Searching by the binary value finds the same entry.
        let again = try await connection.search(SearchRequest(baseDN: try Env.dc1.baseDN, filter: .equal("objectSid", bytes: sid.bytes), attributes: ["cn"]), controls: [DomainScopeControl.control()])
        #expect(again.entries.map(\.dn) == [entry.dn])
        await connection.unbind()
    }

    @Test func manyConcurrentRequestsShareOneConnection() async throws {
        let connection = try await Env.connect(try Env.dc1.ldaps, tls: try Env.dc1.tls, bindDN: try Env.dc1.serviceDN, password: try Env.dc1.servicePassword)
        let names = ["alice", "bob", "Administrator", "svc-pwreset", "Guest"]
        let base = try Env.dc1.baseDN
        try await withThrowingTaskGroup(of: (String, String?).self) { group in
            for index in 0..<100 {
                let name = names[index % names.count]
                group.addTask {
                    let response = try await connection.search(SearchRequest(baseDN: base, filter: .equal("sAMAccountName", name), attributes: ["sAMAccountName"]), controls: [DomainScopeControl.control()])
                    return (name, response.entries.first?.string("sAMAccountName"))
                }
            }
            var count = 0
            for try await (asked, answered) in group {
                #expect(asked == answered)
                count += 1
            }
            #expect(count == 100)
        }
        await connection.unbind()
    }

    @Test func policyHintsAsCriticalControlAreRefusedBySamba() async throws {
        let connection = try await Env.connect(try Env.dc1.ldaps, tls: try Env.dc1.tls, bindDN: try Env.dc1.serviceDN, password: try Env.dc1.servicePassword)
        let hire = try await Env.createHire(prefix: "hints")
        let response = try await connection.send(.modifyRequest(ModifyRequest(dn: hire.dn, changes: [.replace("unicodePwd", bytes: [ActiveDirectory.unicodePwdValue(Env.randomPassword())])])),
                                                 controls: [PolicyHintsControl.control()])
        #expect(response.result.resultCode == .unavailableCriticalExtension)
        await connection.unbind()
    }
}
