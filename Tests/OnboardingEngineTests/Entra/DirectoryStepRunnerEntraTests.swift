import Directory
import FirstkeySimulator
import Foundation
import LDAPClient
import Onboarding
import Testing
import TestSupport
@testable import OnboardingEngine

/// `DirectoryStepRunner` hands the Entra parts to `EntraSteps` and keeps the rest as it was.
/// Its own directory points at a port nothing listens on: a step that reached AD would retry.
@Suite(.serialized) struct DirectoryStepRunnerEntraTests {
    static func unreachableDirectory() -> ActiveDirectory {
        let pool = LDAPConnectionPool(configuration: .init(servers: [LDAPServer(host: "127.0.0.1", port: 1, security: .ldaps)], bindDN: "CN=nobody",
                                                           bindPassword: "unused", connectTimeout: .milliseconds(200)), logger: entraQuietLogger)
        return ActiveDirectory(pool: pool, searchBase: "DC=ad,DC=example,DC=test", logger: entraQuietLogger)
    }

    @Test func aTapCaseRunsItsEntraStepsThroughTheRunner() async throws {
        try await EntraTestEnvironment.with { environment in
            let (user, account) = try environment.syncedHire()
            let runner = DirectoryStepRunner(directory: Self.unreachableDirectory(), issuer: nil, entra: environment.steps(FakeDirectory(accounts: [account])),
                                             logger: entraQuietLogger)
            var onboarding = try await environment.newCase(HireIdentity(employeeID: user.employeeId), hireInDays: -0.1)

            let correlated = await runner.run(.correlate, for: onboarding)
            #expect(correlated.outcome.isSucceeded, "\(correlated.outcome)")
            onboarding.identity = try #require(correlated.identity)
            let prepared = await runner.run(.prepareCredential, for: onboarding)
            #expect(prepared.outcome.isSucceeded, "\(prepared.outcome)")
            for pass in environment.simulator.temporaryAccessPasses(ofUser: user.id) { TestSecrets.record(pass.temporaryAccessPass) }
            #expect(await runner.run(.complete, for: onboarding).outcome.isWait)
            environment.simulator.addAuthenticationMethod(.windowsHelloForBusiness(), toUser: user.id)
            #expect(await runner.run(.complete, for: onboarding).outcome.isSucceeded)
            let cleaned = await runner.run(.cleanUp, for: onboarding)
            #expect(cleaned.outcome.isSucceeded && cleaned.outcome.text.contains("already gone"), "\(cleaned.outcome)")
            #expect(environment.simulator.temporaryAccessPasses(ofUser: user.id).isEmpty)
        }
    }

    @Test func otherModesKeepTheirBehaviour() async throws {
        try await EntraTestEnvironment.with { environment in
            let (user, account) = try environment.syncedHire()
            let runner = DirectoryStepRunner(directory: Self.unreachableDirectory(), issuer: nil, entra: environment.steps(FakeDirectory(accounts: [account])),
                                             logger: entraQuietLogger)
            let onboarding = try await environment.newCase(HireIdentity(employeeID: user.employeeId), mode: .temporaryPassword)
            let complete = await runner.run(.complete, for: onboarding)
            #expect(complete.outcome == .wait(reason: "waiting for the hire to use the credential"))
            let cleaned = await runner.run(.cleanUp, for: onboarding)
            #expect(cleaned.outcome.isSucceeded && cleaned.outcome.text.contains("created no Temporary Access Pass"), "\(cleaned.outcome)")
        }
    }

    @Test func withoutGraphTheTapModeIsRefusedAndCorrelationStaysInAD() async throws {
        let runner = DirectoryStepRunner(directory: Self.unreachableDirectory(), issuer: nil, logger: entraQuietLogger)
        let onboarding = OnboardingCase(intakeKey: "employee:E1", identity: HireIdentity(employeeID: "E1"), hireDate: Date().addingTimeInterval(86_400),
                                        deliveryMode: .tap, recipients: Recipients(), source: "test", createdAt: Date())
        let prepared = await runner.run(.prepareCredential, for: onboarding)
        #expect(prepared.outcome.isFailed && prepared.outcome.text.contains("Microsoft Graph"), "\(prepared.outcome)")
        let correlated = await runner.run(.correlate, for: onboarding)
        #expect(correlated.outcome.isRetry, "the AD-only correlation tried the (unreachable) directory: \(correlated.outcome)")
        #expect(await runner.run(.cleanUp, for: onboarding).outcome == .succeeded(detail: "nothing left to clean up"))
    }
}
