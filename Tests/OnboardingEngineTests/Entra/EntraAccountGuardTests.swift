import FirstkeySimulator
import Foundation
import Microsoft
import Onboarding
import Testing
@testable import OnboardingEngine

/// The Entra half of "only never-used accounts get a first credential", against firstkey-sim
/// answering as Graph documents: `/transitiveMemberOf` for directory roles, `signInActivity` only
/// with AuditLog.Read.All and a P1/P2 licence (403 otherwise).
@Suite struct EntraAccountGuardTests {
    static let globalAdministrator = "62e90394-69f5-4237-9190-012177145e10"
    static let helpdeskAdministrator = "729827e3-9c14-49f7-bb1b-9608f156bbb8"

    static func correlate(_ environment: EntraTestEnvironment, _ change: (inout SimulatedUser) -> Void) async throws -> (StepResult, SimulatedUser) {
        let (user, account) = try environment.syncedHire()
        _ = environment.simulator.updateUser(id: user.id, change)
        let steps = environment.steps(FakeDirectory(accounts: [account]))
        let onboarding = try await environment.newCase(HireIdentity(employeeID: user.employeeId), mode: .temporaryPassword)
        return (await steps.correlate(onboarding), user)
    }

    @Test(arguments: [globalAdministrator, helpdeskAdministrator])
    func anIntakeForAnEntraDirectoryRoleHolderIsRefusedBeforeAnyCredential(_ role: String) async throws {
        try await EntraTestEnvironment.with { environment in
            let (result, _) = try await Self.correlate(environment) { $0.directoryRoleTemplateIDs = [role] }
            guard case .attention(let reason) = result.outcome else { Issue.record("not refused: \(result.outcome)"); return }
            #expect(reason.contains("an Entra directory role") && reason.contains("no first credential"), "\(reason)")
            #expect(result.identity?.entraObjectID != nil, "the correlation is kept for the service desk")
        }
    }

    @Test func aRoleGivenAfterCorrelationStillStopsTheTemporaryAccessPass() async throws {
        try await EntraTestEnvironment.with { environment in
            let (onboarding, user, steps, _) = try await TemporaryAccessPassSimulatorTests.correlatedCase(environment)
            _ = environment.simulator.updateUser(id: user.id) { $0.directoryRoleTemplateIDs = [Self.globalAdministrator] }
            let refused = await steps.prepareTemporaryAccessPass(onboarding)
            guard case .attention(let reason) = refused.outcome else { Issue.record("not refused: \(refused.outcome)"); return }
            #expect(reason.contains("directory role"), "\(reason)")
            #expect(environment.simulator.temporaryAccessPasses(ofUser: user.id).isEmpty, "a pass was created")
        }
    }

    @Test func anIntakeForAnEntraUserWhoHasSignedInIsRefusedWhereSignInActivityIsReadable() async throws {
        try await EntraTestEnvironment.with(roles: EntraTestEnvironment.graphRoles + ["AuditLog.Read.All"]) { environment in
            environment.simulator.setPremiumLicence(true)
            let (result, _) = try await Self.correlate(environment) { $0.lastSuccessfulSignIn = Date().addingTimeInterval(-3 * 86_400) }
            guard case .attention(let reason) = result.outcome else { Issue.record("not refused: \(result.outcome)"); return }
            #expect(reason.contains("signed in successfully to Entra ID"), "\(reason)")
        }
    }

    @Test func aNeverUsedEntraUserPassesWithTheLicenceAndThePermission() async throws {
        try await EntraTestEnvironment.with(roles: EntraTestEnvironment.graphRoles + ["AuditLog.Read.All"]) { environment in
            environment.simulator.setPremiumLicence(true)
            let (result, _) = try await Self.correlate(environment) { $0.groupIDs = [UUID().uuidString.lowercased()] }
            #expect(result.outcome.isSucceeded && !result.outcome.text.contains("not checked"), "\(result.outcome)")
        }
    }

    /// Without the permission or the licence Graph answers 403: Firstkey goes on with the AD
    /// guards and says, in the step's detail, what it could not check.
    @Test(arguments: [(false, true, "AuditLog.Read.All is not granted"), (true, false, "the tenant has no Microsoft Entra ID P1/P2 licence")])
    func withoutSignInActivityTheStepSaysWhatWasNotChecked(_ granted: Bool, _ premium: Bool, _ expected: String) async throws {
        try await EntraTestEnvironment.with(roles: EntraTestEnvironment.graphRoles + (granted ? ["AuditLog.Read.All"] : [])) { environment in
            environment.simulator.setPremiumLicence(premium)
            let (result, _) = try await Self.correlate(environment) { $0.lastSuccessfulSignIn = nil }
            #expect(result.outcome.isSucceeded, "\(result.outcome)")
            #expect(result.outcome.text.contains("sign-in activity not checked (\(expected))"), "\(result.outcome.text)")
        }
    }

    @Test func refusalsArePureAndNameEveryReason() {
        let role = GraphDirectoryObject(id: "r", kind: .directoryRole)
        let signedIn = Date(timeIntervalSince1970: 1_800_000_000)
        let reasons = EntraAccountGuard.refusals(.init(directoryRoles: [role, role], signInActivity: .readable(lastSuccessfulSignIn: signedIn)))
        #expect(reasons.count == 2)
        #expect(reasons[0].contains("2 Entra directory roles"))
        #expect(reasons[1].contains("2027-01-15"))
        #expect(EntraAccountGuard.refusals(.init(directoryRoles: [], signInActivity: .readable(lastSuccessfulSignIn: nil))).isEmpty)
    }
}
