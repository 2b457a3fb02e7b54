import Directory
import FirstkeySimulator
import Foundation
import Microsoft
import Onboarding
import Testing
@testable import OnboardingEngine

/// The correlate step against the simulated Graph over HTTP, with an in-memory directory.
@Suite(.serialized) struct EntraCorrelatorSimulatorTests {
    @Test func correlatedBySecurityIdentifier() async throws {
        try await EntraTestEnvironment.with { environment in
            let (user, account) = try environment.syncedHire()
            let bystander = try Accounts.account(sam: "someoneelse", sid: Accounts.randomSID(), employeeID: "E1")
            let steps = environment.steps(FakeDirectory(accounts: [bystander, account]))
            let onboarding = try await environment.newCase(HireIdentity(employeeID: user.employeeId))
            let result = await steps.correlate(onboarding)
            #expect(result.outcome.isSucceeded, "\(result.outcome)")
            #expect(result.outcome.text.contains("found by employeeId") && result.outcome.text.contains("found by objectSid"))
            let identity = try #require(result.identity)
            #expect(identity.entraObjectID == user.id)
            #expect(identity.objectSid == user.onPremisesSecurityIdentifier)
            #expect(identity.objectGUID == account.objectGUID?.description)
            #expect(identity.immutableID == user.onPremisesImmutableId)
            #expect(identity.samAccountName == account.samAccountName)
            #expect(identity.userPrincipalName == user.userPrincipalName)
        }
    }

    @Test func correlatedByImmutableIDFoundByObjectIDOrUPN() async throws {
        try await EntraTestEnvironment.with { environment in
            let guid = try Accounts.randomGUID()
            let account = try Accounts.account(sam: "ajones", guid: guid, employeeID: "E2")
            let user = SimulatedUser(userPrincipalName: "ajones@contoso.com", employeeId: "E2", onPremisesImmutableId: guid.base64, onPremisesSyncEnabled: true)
            environment.simulator.addUser(user)
            let steps = environment.steps(FakeDirectory(accounts: [account]))

            let byObjectID = await steps.correlate(try await environment.newCase(HireIdentity(entraObjectID: user.id)))
            #expect(byObjectID.outcome.isSucceeded, "\(byObjectID.outcome)")
            #expect(byObjectID.outcome.text.contains("found by objectGUID"))
            #expect(byObjectID.identity?.objectGUID == guid.description)
            #expect(byObjectID.identity?.samAccountName == "ajones")

            let byUPN = await steps.correlate(try await environment.newCase(HireIdentity(userPrincipalName: "AJones@contoso.com")))
            #expect(byUPN.outcome.isSucceeded, "\(byUPN.outcome)")
            #expect(byUPN.identity?.entraObjectID == user.id)
        }
    }

    @Test func waitsWhileTheHireIsNotSynced() async throws {
        try await EntraTestEnvironment.with { environment in
            let steps = environment.steps(FakeDirectory(accounts: []))
            // No Entra user yet.
            let nobody = await steps.correlate(try await environment.newCase(HireIdentity(employeeID: "E404")))
            #expect(nobody.outcome.isWait, "\(nobody.outcome)")
            #expect(nobody.identity == nil)
            // An Entra user without on-premises identifiers.
            environment.simulator.addUser(SimulatedUser(userPrincipalName: "cloud@contoso.com", employeeId: "E5"))
            let cloud = await steps.correlate(try await environment.newCase(HireIdentity(employeeID: "E5")))
            #expect(cloud.outcome.isWait && cloud.outcome.text.contains("not synced"), "\(cloud.outcome)")
            // Synced, but the AD object is not (yet) in the directory Firstkey reads.
            let (user, _) = try environment.syncedHire()
            let elsewhere = await steps.correlate(try await environment.newCase(HireIdentity(employeeID: user.employeeId)))
            #expect(elsewhere.outcome.isWait && elsewhere.outcome.text.contains("no AD object"), "\(elsewhere.outcome)")
        }
    }

    @Test func twoMatchesFail() async throws {
        try await EntraTestEnvironment.with { environment in
            // Two Entra users with one employee ID.
            environment.simulator.addUser(SimulatedUser(userPrincipalName: "twin1@contoso.com", employeeId: "E7", onPremisesSamAccountName: "twin1"))
            environment.simulator.addUser(SimulatedUser(userPrincipalName: "twin2@contoso.com", employeeId: "E7", onPremisesSamAccountName: "twin2"))
            let twins = await environment.steps(FakeDirectory(accounts: [])).correlate(try await environment.newCase(HireIdentity(employeeID: "E7")))
            #expect(twins.outcome.isFailed && twins.outcome.text.contains("2 Entra users"), "\(twins.outcome)")
            // One Entra user, two AD accounts with its employee ID.
            environment.simulator.addUser(SimulatedUser(userPrincipalName: "bsmith@contoso.com", employeeId: "E8", onPremisesSamAccountName: "bsmith", onPremisesSyncEnabled: true))
            let directory = FakeDirectory(accounts: [try Accounts.account(sam: "bsmith1", employeeID: "E8"), try Accounts.account(sam: "bsmith2", employeeID: "E8")])
            let accounts = await environment.steps(directory).correlate(try await environment.newCase(HireIdentity(employeeID: "E8")))
            #expect(accounts.outcome.isFailed && accounts.outcome.text.contains("2 AD objects"), "\(accounts.outcome)")
            #expect(accounts.identity == nil)
        }
    }

    @Test(arguments: [FaultRule.serverError("/v1.0/users", status: 500, times: 1), .serverError("/v1.0/users", status: 503, times: 1),
                      .throttle("/v1.0/users", times: 1, retryAfter: 0.01)])
    func transientGraphErrorsRetry(fault: FaultRule) async throws {
        try await EntraTestEnvironment.with(retryPolicy: EntraTestEnvironment.noRetries) { environment in
            let (user, account) = try environment.syncedHire()
            let steps = environment.steps(FakeDirectory(accounts: [account]))
            let onboarding = try await environment.newCase(HireIdentity(employeeID: user.employeeId))
            environment.simulator.addFault(fault)
            let failed = await steps.correlate(onboarding)
            #expect(failed.outcome.isRetry, "\(failed.outcome)")
            #expect(failed.outcome.text.contains("Entra ID"))
            let recovered = await steps.correlate(onboarding)
            #expect(recovered.outcome.isSucceeded, "\(recovered.outcome)")
        }
    }

    @Test func aDirectoryFailureRetries() async throws {
        try await EntraTestEnvironment.with { environment in
            let (user, account) = try environment.syncedHire()
            var directory = FakeDirectory(accounts: [account])
            directory.failure = DirectoryError(.unreachable, summary: "no domain controller answered")
            let unreachable = await environment.steps(directory).correlate(try await environment.newCase(HireIdentity(employeeID: user.employeeId)))
            #expect(unreachable.outcome.isRetry && unreachable.outcome.text.contains("searching AD"), "\(unreachable.outcome)")
        }
    }

    @Test func aMissingPermissionFailsWithTheFix() async throws {
        try await EntraTestEnvironment.with(roles: ["UserAuthenticationMethod.ReadWrite.All"]) { environment in
            let (user, account) = try environment.syncedHire()
            let forbidden = await environment.steps(FakeDirectory(accounts: [account])).correlate(try await environment.newCase(HireIdentity(employeeID: user.employeeId)))
            #expect(forbidden.outcome.isFailed && forbidden.outcome.text.contains("User.Read.All"), "\(forbidden.outcome)")
        }
    }
}
