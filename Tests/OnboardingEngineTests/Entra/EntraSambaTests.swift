import Directory
import FirstkeySimulator
import Foundation
import LDAP
import LDAPClient
import Onboarding
import Testing
import TestSupport
@testable import OnboardingEngine

/// The Entra steps against the real Samba AD DC started by scripts/test-env-up (its DC1_*
/// variables) and the simulated Graph: the SID and objectGUID Samba stores must match what Entra
/// ID shows (`onPremisesSecurityIdentifier`, `onPremisesImmutableId` = base64 of the raw GUID).
/// Skipped without the servers, unless FIRSTKEY_REQUIRE_INTEGRATION=1.
@Suite(.serialized, .enabled(if: SambaEnvironment.available)) struct EntraSambaTests {
    @Test func aTapCaseFromCorrelationToCleanUpAgainstSamba() async throws {
        try await EntraTestEnvironment.with { environment in
            let directory = try SambaEnvironment.serviceDirectory()
            let account = try await SambaEnvironment.createHire(in: directory)
            let sid = try #require(account.objectSid)
            let guid = try #require(account.objectGUID)
            let user = SimulatedUser(userPrincipalName: "\(account.samAccountName!)@contoso.com", employeeId: account.employeeID, onPremisesSecurityIdentifier: sid.description,
                                     onPremisesImmutableId: guid.base64, onPremisesSamAccountName: account.samAccountName, onPremisesSyncEnabled: true)
            environment.simulator.addUser(user)
            let simulator = environment.simulator
            let entra = EntraSteps(graph: environment.graph, directory: directory, store: environment.store, sealer: environment.sealer,
                                   logger: entraQuietLogger, now: { simulator.now })
            let runner = DirectoryStepRunner(directory: directory, issuer: nil, entra: entra, logger: entraQuietLogger)
            var onboarding = try await environment.newCase(HireIdentity(employeeID: account.employeeID), hireInDays: -0.1)

            let correlated = await runner.run(.correlate, for: onboarding)
            #expect(correlated.outcome.isSucceeded && correlated.outcome.text.contains("found by objectSid"), "\(correlated.outcome)")
            onboarding.identity = try #require(correlated.identity)
            #expect(onboarding.identity.objectGUID == guid.description)
            #expect(await runner.run(.check, for: onboarding).outcome.isSucceeded)
            let prepared = await runner.run(.prepareCredential, for: onboarding)
            #expect(prepared.outcome.isSucceeded, "\(prepared.outcome)")
            for pass in simulator.temporaryAccessPasses(ofUser: user.id) { TestSecrets.record(pass.temporaryAccessPass) }
            #expect(simulator.temporaryAccessPasses(ofUser: user.id).count == 1)
            #expect(await runner.run(.complete, for: onboarding).outcome.isWait)
            simulator.addAuthenticationMethod(.fido2(), toUser: user.id)
            #expect(await runner.run(.complete, for: onboarding).outcome.isSucceeded)
            #expect(await runner.run(.cleanUp, for: onboarding).outcome.isSucceeded)
            #expect(simulator.temporaryAccessPasses(ofUser: user.id).isEmpty)
            await directory.pool.shutdown()
        }
    }

    @Test func correlatedByImmutableIDAsTheRawObjectGUID() async throws {
        try await EntraTestEnvironment.with { environment in
            let directory = try SambaEnvironment.serviceDirectory()
            let account = try await SambaEnvironment.createHire(in: directory)
            let guid = try #require(account.objectGUID)
            let user = SimulatedUser(userPrincipalName: "\(account.samAccountName!)@contoso.com", onPremisesImmutableId: guid.base64, onPremisesSyncEnabled: true)
            environment.simulator.addUser(user)
            let real = EntraSteps(graph: environment.graph, directory: directory, store: environment.store, sealer: environment.sealer, logger: entraQuietLogger)
            let matched = await real.correlate(try await environment.newCase(HireIdentity(entraObjectID: user.id, employeeID: account.employeeID)))
            #expect(matched.outcome.isSucceeded && matched.outcome.text.contains("found by objectGUID"), "\(matched.outcome)")
            #expect(matched.identity?.samAccountName == account.samAccountName)
            #expect(matched.identity?.objectSid == account.objectSid?.description)
            await directory.pool.shutdown()
        }
    }

    @Test func aPrivilegedAccountGetsNoPass() async throws {
        try await EntraTestEnvironment.with { environment in
            let directory = try SambaEnvironment.serviceDirectory()
            let administrator = try await directory.findUser(.samAccountName("Administrator"))
            let sid = try #require(administrator.objectSid)
            let user = SimulatedUser(userPrincipalName: "admin@contoso.com", onPremisesSecurityIdentifier: sid.description, onPremisesSamAccountName: "Administrator",
                                     onPremisesSyncEnabled: true)
            environment.simulator.addUser(user)
            let steps = EntraSteps(graph: environment.graph, directory: directory, store: environment.store, sealer: environment.sealer, logger: entraQuietLogger)
            var onboarding = try await environment.newCase(HireIdentity(userPrincipalName: "admin@contoso.com"))
            let correlated = await steps.correlate(onboarding)
            #expect(correlated.outcome.isSucceeded, "\(correlated.outcome)")
            onboarding.identity = try #require(correlated.identity)
            let prepared = await steps.prepareTemporaryAccessPass(onboarding)
            #expect(prepared.outcome.isFailed && prepared.outcome.text.contains("protected"), "\(prepared.outcome)")
            #expect(environment.simulator.temporaryAccessPasses(ofUser: user.id).isEmpty)
            await directory.pool.shutdown()
        }
    }
}

/// The DC1_* facts scripts/test-env-up exports (scripts/test loads .testenv/env).
enum SambaEnvironment {
    static let variables = ProcessInfo.processInfo.environment

    static var available: Bool { variables["DC1_HOST"] != nil || variables["FIRSTKEY_REQUIRE_INTEGRATION"] == "1" }

    struct MissingVariable: Error, CustomStringConvertible {
        let name: String
        var description: String { "\(name) is not set: run the tests with scripts/test, which starts the servers" }
    }

    static func value(_ name: String) throws -> String {
        guard let value = variables[name], !value.isEmpty else { throw MissingVariable(name: name) }
        return value
    }

    static var server: LDAPServer { get throws { LDAPServer(host: try value("DC1_HOST"), port: 636, security: .ldaps) } }
    static var tls: LDAPTLSConfiguration { get throws { LDAPTLSConfiguration(caFile: try value("DC1_CA_CERT")) } }

    static func serviceDirectory() throws -> ActiveDirectory {
        let pool = LDAPConnectionPool(configuration: .init(servers: [try server], tls: try tls, bindDN: try value("DC1_SVC_DN"),
                                                           bindPassword: try value("DC1_SVC_PASSWORD"), maximumConnections: 2, connectTimeout: .seconds(2),
                                                           handshakeTimeout: .seconds(30), stallTimeout: .seconds(15)),
                                      logger: entraQuietLogger)
        return ActiveDirectory(pool: pool, searchBase: try value("DC1_BASE_DN"), logger: entraQuietLogger)
    }

    /// A new disabled user without a password in the delegated OU, like a freshly provisioned
    /// hire, as the service account reads it back.
    static func createHire(in directory: ActiveDirectory) async throws -> ADUser {
        let suffix = String(UInt32.random(in: 0..<UInt32.max), radix: 36)
        let sam = "entra\(suffix)"
        let admin = try await LDAPConnection.connect(to: try server, tls: try tls, handshakeTimeout: .seconds(30), logger: entraQuietLogger)
        try await admin.bind(dn: try value("DC1_ADMIN_DN"), password: try value("DC1_ADMIN_PASSWORD"))
        _ = try await admin.add(AddRequest(dn: "CN=\(sam),\(try value("DC1_USERS_OU"))", attributes: [
            LDAPAttribute(name: "objectClass", strings: ["top", "person", "organizationalPerson", "user"]),
            LDAPAttribute(name: "sAMAccountName", strings: [sam]),
            LDAPAttribute(name: "userPrincipalName", strings: ["\(sam)@ad.example.test"]),
            LDAPAttribute(name: "employeeID", strings: ["X\(suffix)"]),
        ]))
        await admin.unbind()
        return try await directory.findUser(.samAccountName(sam))
    }
}
