import LDAP
import LDAPClient
import Testing
@testable import Directory

@Suite(.enabled(if: IntegrationEnvironment.available))
struct DelegationTests {
    typealias Env = IntegrationEnvironment

    @Test func readsWhatTheServiceAccountMayDoInTheDelegatedOU() async throws {
        let directory = try Env.serviceDirectory()
        let staff = try await directory.delegatedRights(of: try Env.dc1.serviceDN, on: try Env.dc1.usersOU)
        #expect(staff[.resetPassword] == true)
        #expect(staff[.writePwdLastSet] == true)
        #expect(staff[.writeUserAccountControl] == true)
        #expect(staff[.writeLockoutTime] == false)
        let users = try await directory.delegatedRights(of: "svc-pwreset@ad.example.test", on: "CN=Users,\(try Env.dc1.baseDN)")
        #expect(users[.resetPassword] == false)
        await directory.pool.shutdown()
    }
}
