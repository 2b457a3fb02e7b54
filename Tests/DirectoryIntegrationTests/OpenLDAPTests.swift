import Foundation
import LDAP
import LDAPClient
import Testing
@testable import Directory

/// RFC 3062 password modify and ppolicy's pwdReset against a real slapd.
/// Serialized: the tests share slapd's seeded alice.
@Suite(.enabled(if: IntegrationEnvironment.available), .serialized)
struct OpenLDAPTests {
    typealias Env = IntegrationEnvironment

    static func directory() throws -> OpenLDAPDirectory {
        let pool = LDAPConnectionPool(configuration: .init(
            servers: [try Env.openLDAPServer], tls: LDAPTLSConfiguration(caFile: try Env.value("OPENLDAP_CA_CERT")),
            bindDN: "cn=svc-pwreset,ou=services,dc=example,dc=test", bindPassword: try Env.value("OPENLDAP_SVC_PASSWORD")), logger: Env.logger)
        return OpenLDAPDirectory(pool: pool, searchBase: "dc=example,dc=test", logger: Env.logger)
    }

    static func connectAsUser(_ dn: String, _ password: String) async throws -> (LDAPConnection, [LDAPControl]) {
        let connection = try await Env.connect(try Env.openLDAPServer, tls: LDAPTLSConfiguration(caFile: try Env.value("OPENLDAP_CA_CERT")))
        let controls = try await connection.bindReturningControls(dn: dn, password: password, controls: [PasswordPolicyResponse.requestControl()])
        return (connection, controls)
    }

    @Test func passwordModifyExtendedOperationSetsAUsablePassword() async throws {
        let directory = try Self.directory()
        let alice = try await directory.findEntry(attribute: "employeeNumber", value: "E1001")
        let password = Env.randomPassword()
        try await directory.setPassword(forDN: alice.dn, to: password, mustChange: false)
        let (connection, controls) = try await Self.connectAsUser(alice.dn, password)
        let policy = try controls.first(oid: PasswordPolicyResponse.oid).map(PasswordPolicyResponse.init(control:))
        #expect(policy?.error == nil)
        #expect(try await connection.whoAmI() == "dn:\(alice.dn)")
        await connection.unbind()
        await directory.pool.shutdown()
    }

    @Test func pwdResetMakesTheUserChangeThePassword() async throws {
        let directory = try Self.directory()
        let alice = try await directory.findEntry(attribute: "uid", value: "alice")
        let password = Env.randomPassword()
        try await directory.setPassword(forDN: alice.dn, to: password, mustChange: true)
        let (connection, controls) = try await Self.connectAsUser(alice.dn, password)
        let policy = try PasswordPolicyResponse(control: try #require(controls.first(oid: PasswordPolicyResponse.oid)))
        #expect(policy.error == .changeAfterReset)
        let restricted = await #expect(throws: LDAPError.self) {
            _ = try await connection.search(SearchRequest(baseDN: "dc=example,dc=test", scope: .baseObject))
        }
        #expect(restricted?.resultCode == .insufficientAccessRights)
        await connection.unbind()
        await directory.pool.shutdown()
    }

    @Test func qualityAndScopeFailuresAreExplained() async throws {
        let directory = try Self.directory()
        let alice = try await directory.findEntry(attribute: "uid", value: "alice")
        let short = await #expect(throws: DirectoryError.self) { try await directory.setPassword(forDN: alice.dn, to: "Ab1!", mustChange: false) }
        #expect(short?.ldapError?.resultCode == .constraintViolation)
        #expect(short?.description.contains("quality") == true || short?.description.contains("policy") == true)
        let bob = try await directory.findEntry(attribute: "uid", value: "bob")
        let outside = await #expect(throws: DirectoryError.self) { try await directory.setPassword(forDN: bob.dn, to: Env.randomPassword(), mustChange: false) }
        #expect(outside?.ldapError?.resultCode == .insufficientAccessRights)
        await directory.pool.shutdown()
    }

    @Test func theClientsSizeLimitIsSentAndHonoured() async throws {
        let connection = try await Env.connect(try Env.openLDAPServer, tls: LDAPTLSConfiguration(caFile: try Env.value("OPENLDAP_CA_CERT")),
                                               bindDN: try Env.value("OPENLDAP_SVC_DN"), password: try Env.value("OPENLDAP_SVC_PASSWORD"))
        let response = try await connection.send(.searchRequest(SearchRequest(baseDN: "dc=example,dc=test", sizeLimit: 1, attributes: ["1.1"])))
        #expect(response.result.resultCode == .sizeLimitExceeded)
        #expect(response.entries.count == 1)
        await connection.unbind()
    }

    @Test func aUserReusingAnOldPasswordIsToldItIsInTheHistory() async throws {
        let directory = try Self.directory()
        let alice = try await directory.findEntry(attribute: "uid", value: "alice")
        let first = Env.randomPassword(), second = Env.randomPassword()
        try await directory.setPassword(forDN: alice.dn, to: first, mustChange: false)
        let (connection, _) = try await Self.connectAsUser(alice.dn, first)
        try await connection.passwordModify(userIdentity: nil, oldPassword: first, newPassword: second)
        let reuse = await #expect(throws: LDAPError.self) {
            try await connection.passwordModify(userIdentity: nil, oldPassword: second, newPassword: first)
        }
        #expect(reuse?.resultCode == .constraintViolation)
        #expect(reuse?.result?.diagnosticMessage == "Password is in history of old passwords")
        let explained = DirectoryError.from(try #require(reuse), operation: .setPassword, context: "Changing the password")
        #expect(explained.description.contains("history"))
        await connection.unbind()
        await directory.pool.shutdown()
    }

    @Test func aWrongPasswordIsInvalidCredentials() async throws {
        let connection = try await Env.connect(try Env.openLDAPServer, tls: LDAPTLSConfiguration(caFile: try Env.value("OPENLDAP_CA_CERT")))
        let error = await #expect(throws: LDAPError.self) {
            try await connection.bind(dn: "cn=svc-pwreset,ou=services,dc=example,dc=test", password: "Not-The-Password-1")
        }
        #expect(error?.resultCode == .invalidCredentials)
        await connection.close()
    }
}
