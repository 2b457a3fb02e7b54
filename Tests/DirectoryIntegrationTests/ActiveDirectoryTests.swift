import Foundation
import LDAP
import LDAPClient
import Testing
@testable import Directory

/// Firstkey's directory operations against the real Samba AD DC, as the delegated service account.
@Suite(.enabled(if: IntegrationEnvironment.available))
struct ActiveDirectoryTests {
    typealias Env = IntegrationEnvironment

    @Test func findsAliceByEveryIdentifier() async throws {
        let directory = try Env.serviceDirectory()
        let alice = try await directory.findUser(.samAccountName("alice"))
        #expect(alice.userPrincipalName == "alice@ad.example.test")
        #expect(alice.employeeID == "E1001")
        #expect(alice.dn == "CN=Alice Example,OU=Staff,DC=ad,DC=example,DC=test")
        let sid = try #require(alice.objectSid), guid = try #require(alice.objectGUID)
        for query: ADUserQuery in [.userPrincipalName("alice@ad.example.test"), .employeeID("E1001"), .objectSid(sid), .objectGUID(guid), .distinguishedName(alice.dn)] {
            #expect(try await directory.findUser(query).dn == alice.dn, "by \(query)")
        }
        // The Entra sourceAnchor form of the GUID resolves too.
        #expect(try await directory.findUser(.objectGUID(ObjectGUID(base64: guid.base64))).dn == alice.dn)
        await directory.pool.shutdown()
    }

    @Test func aMissingUserAndAnAmbiguousIdentifierAreErrorsNeverGuesses() async throws {
        let directory = try Env.serviceDirectory()
        let missing = await #expect(throws: DirectoryError.self) { _ = try await directory.findUser(.employeeID("NOPE-\(UUID())")) }
        #expect(missing?.code == .userNotFound)
        let shared = "DUP-\(UInt32.random(in: 0..<UInt32.max))"
        let first = try await Env.createHire(prefix: "dupa", employeeID: shared)
        let second = try await Env.createHire(prefix: "dupb", employeeID: shared)
        let ambiguous = await #expect(throws: DirectoryError.self) { _ = try await directory.findUser(.employeeID(shared)) }
        #expect(ambiguous?.code == .ambiguousUser)
        #expect(Set(ambiguous?.reasons ?? []) == [first.dn, second.dn])
        await directory.pool.shutdown()
    }

    @Test func readsStateAndTheEffectivePolicy() async throws {
        let directory = try Env.serviceDirectory()
        let hire = try await Env.createHire(prefix: "state")
        let fresh = try await directory.findUser(.samAccountName(hire.sam))
        #expect(!fresh.isEnabled)
        #expect(fresh.userAccountControl.contains(.accountDisabled))
        #expect(!fresh.isProtectedByAdminCount)
        let policy = try await directory.passwordPolicy(for: fresh)
        #expect(policy.minimumLength == 7)
        #expect(policy.complexityRequired)
        #expect(policy.historyLength == 24)
        #expect(policy.summary.contains("24"))
        await directory.pool.shutdown()
    }

    @Test func setsAFirstPasswordTheHireCanBindWith() async throws {
        let directory = try Env.serviceDirectory()
        let hire = try await Env.createHire()
        let user = try await directory.findUser(.samAccountName(hire.sam))
        let password = Env.randomPassword()
        let outcome = try await directory.setPassword(for: user, to: password, options: .init(mustChangeAtNextLogon: false, enable: true))
        #expect(outcome.user.isEnabled)
        #expect(outcome.user.pwdLastSet != 0)
        #expect(!outcome.historyEnforced) // Samba refuses the policy hints control
        let bound = try await Env.connect(try Env.dc1.ldaps, tls: try Env.dc1.tls, bindDN: hire.dn, password: password)
        await bound.unbind()
        await directory.pool.shutdown()
    }

    @Test func mustChangeAtNextLogonMakesTheBindFailWithData773() async throws {
        let directory = try Env.serviceDirectory()
        let hire = try await Env.createHire(prefix: "temp")
        let user = try await directory.findUser(.samAccountName(hire.sam))
        let password = Env.randomPassword()
        let outcome = try await directory.setPassword(for: user, to: password, options: .init(mustChangeAtNextLogon: true, enable: true))
        #expect(outcome.user.mustChangePasswordAtNextLogon)
        let connection = try await Env.connect(try Env.dc1.ldaps, tls: try Env.dc1.tls)
        let error = await #expect(throws: LDAPError.self) { try await connection.bind(dn: hire.dn, password: password) }
        #expect(error?.result?.diagnosticMessage.contains("data 773") == true)
        let explained = DirectoryError.from(try #require(error), operation: .bind, context: "Signing in")
        #expect(explained.description.contains("must be changed"))
        await connection.close()
        await directory.pool.shutdown()
    }

    @Test func aDisabledAccountBindsWithData533() async throws {
        let directory = try Env.serviceDirectory()
        let hire = try await Env.createHire(prefix: "dis")
        let user = try await directory.findUser(.samAccountName(hire.sam))
        let password = Env.randomPassword()
        try await directory.setPassword(for: user, to: password, options: .init(mustChangeAtNextLogon: false, enable: false))
        let connection = try await Env.connect(try Env.dc1.ldaps, tls: try Env.dc1.tls)
        let error = await #expect(throws: LDAPError.self) { try await connection.bind(dn: hire.dn, password: password) }
        #expect(error?.result?.diagnosticMessage.contains("data 533") == true)
        #expect(DirectoryError.from(try #require(error), operation: .bind, context: "Signing in").description.contains("disabled"))
        await connection.close()
        await directory.pool.shutdown()
    }

    @Test func aWeakPasswordIsRefusedBeforeSendingAndByTheDCWithThePolicyInPlainWords() async throws {
        let directory = try Env.serviceDirectory()
        let hire = try await Env.createHire(prefix: "weak")
        let user = try await directory.findUser(.samAccountName(hire.sam))
        let precheck = await #expect(throws: DirectoryError.self) {
            try await directory.setPassword(for: user, to: "Ab1", options: .init(mustChangeAtNextLogon: false))
        }
        #expect(precheck?.code == .passwordRejectedByPolicy)
        #expect(precheck?.description.contains("minimum length 7") == true)
        #expect(precheck?.description.contains("Ab1") == false)

        let tooShort = await #expect(throws: DirectoryError.self) {
            try await directory.setPassword(for: user, to: "Ab1!", options: .init(mustChangeAtNextLogon: false, precheckPolicy: false))
        }
        #expect(tooShort?.code == .passwordRejectedByPolicy)
        #expect(tooShort?.reasons.isEmpty == false)
        #expect(tooShort?.ldapError?.resultCode == .constraintViolation)
        #expect(tooShort?.ldapError?.result?.diagnosticMessage.hasPrefix("0000052D") == true)
        #expect(tooShort?.description.contains("too short") == true || tooShort?.description.contains("minimum length") == true)

        let notComplex = await #expect(throws: DirectoryError.self) {
            try await directory.setPassword(for: user, to: "alllowercaseletters", options: .init(mustChangeAtNextLogon: false, precheckPolicy: false))
        }
        #expect(notComplex?.ldapError?.result?.diagnosticMessage.contains("complexity") == true)
        #expect(notComplex?.description.contains("complex") == true)
        #expect(notComplex?.description.contains("alllowercaseletters") == false)
        await directory.pool.shutdown()
    }

    @Test func bobOutsideTheDelegatedOUCannotBeReset() async throws {
        let directory = try Env.serviceDirectory()
        let bob = try await directory.findUser(.samAccountName("bob"))
        let error = await #expect(throws: DirectoryError.self) {
            try await directory.setPassword(for: bob, to: Env.randomPassword(), options: .init(mustChangeAtNextLogon: false))
        }
        #expect(error?.ldapError?.resultCode == .insufficientAccessRights)
        #expect(error?.ldapError?.result?.diagnosticMessage == "error in module acl: insufficient access rights during LDB_MODIFY (50)")
        #expect(error?.description.contains("Reset Password") == true)
        await directory.pool.shutdown()
    }

    @Test func attributesOutsideTheDelegationAreRefusedWith00002098() async throws {
        let pool = try Env.servicePool()
        let hire = try await Env.createHire(prefix: "desc")
        let error = await #expect(throws: LDAPError.self) {
            try await pool.withConnection { try await $0.modify(ModifyRequest(dn: hire.dn, changes: [.replace("description", ["x"])])) }
        }
        #expect(error?.resultCode == .insufficientAccessRights)
        #expect(error?.result?.diagnosticMessage.hasPrefix("00002098") == true)
        let explained = DirectoryError.from(try #require(error), operation: .modify, context: "Writing description")
        #expect(explained.description.lowercased().contains("delegat") || explained.description.lowercased().contains("write"))
        await pool.shutdown()
    }

    @Test func pwdLastSetAcceptsOnlyZeroOrMinusOne() async throws {
        let pool = try Env.servicePool()
        let hire = try await Env.createHire(prefix: "pls")
        let error = await #expect(throws: LDAPError.self) {
            try await pool.withConnection { try await $0.modify(ModifyRequest(dn: hire.dn, changes: [.replace("pwdLastSet", ["5"])])) }
        }
        #expect(error?.resultCode == .other)
        #expect(error?.result?.diagnosticMessage.hasPrefix("00000057") == true)
        #expect(DirectoryError.from(try #require(error), operation: .modify, context: "Writing pwdLastSet").description.contains("0 or -1"))
        await pool.shutdown()
    }

    @Test func protectedAccountsAreRefused() async throws {
        let directory = try Env.serviceDirectory()
        let administrator = try await directory.findUser(.samAccountName("Administrator"))
        let error = await #expect(throws: DirectoryError.self) {
            try await directory.setPassword(for: administrator, to: Env.randomPassword(), options: .init(mustChangeAtNextLogon: false))
        }
        #expect(error?.code == .protectedAccount)
        await directory.pool.shutdown()
    }

    @Test func passwordsNeverAppearInErrors() async throws {
        let directory = try Env.serviceDirectory()
        let bob = try await directory.findUser(.samAccountName("bob"))
        let canary = "Canary-\(UUID().uuidString.prefix(8))-Zz9!"
        do {
            try await directory.setPassword(for: bob, to: canary, options: .init(mustChangeAtNextLogon: false))
            Issue.record("bob's reset should have been refused")
        } catch {
            #expect(!"\(error)".contains(canary))
            #expect(!String(reflecting: error).contains(canary))
        }
        await directory.pool.shutdown()
    }
}
