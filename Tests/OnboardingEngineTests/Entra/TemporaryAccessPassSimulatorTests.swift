import Directory
import FirstkeySimulator
import Foundation
import Microsoft
import Onboarding
import Store
import Testing
import TestSupport
@testable import OnboardingEngine

/// The TAP mode's prepare-credential, complete and clean-up steps against the simulated Graph
/// over HTTP, with the pass sealed in a real SQLite store.
@Suite(.serialized) struct TemporaryAccessPassSimulatorTests {
    /// A synced hire whose case went through correlation.
    static func correlatedCase(_ environment: EntraTestEnvironment, directory: (ADUser) -> FakeDirectory = { FakeDirectory(accounts: [$0]) },
                               mode: DeliveryMode = .tap, hireInDays days: Double = 7)
        async throws -> (onboarding: OnboardingCase, user: SimulatedUser, steps: EntraSteps, settings: TemporaryAccessPassSettings)
    {
        try await correlatedCase(environment, directory: directory, mode: mode, hireInDays: days, settings: TemporaryAccessPassSettings())
    }

    static func correlatedCase(_ environment: EntraTestEnvironment, directory: (ADUser) -> FakeDirectory = { FakeDirectory(accounts: [$0]) },
                               mode: DeliveryMode = .tap, hireInDays days: Double = 7, settings: TemporaryAccessPassSettings)
        async throws -> (onboarding: OnboardingCase, user: SimulatedUser, steps: EntraSteps, settings: TemporaryAccessPassSettings)
    {
        let (user, account) = try environment.syncedHire()
        let steps = environment.steps(directory(account), settings: settings)
        var onboarding = try await environment.newCase(HireIdentity(employeeID: user.employeeId), mode: mode, hireInDays: days)
        let correlated = await steps.correlate(onboarding)
        try #require(correlated.outcome.isSucceeded, "\(correlated.outcome)")
        onboarding.identity = try #require(correlated.identity)
        return (onboarding, user, steps, settings)
    }

    /// The pass the simulator holds for the user, recorded as a canary for the secret search.
    static func passes(_ environment: EntraTestEnvironment, of user: SimulatedUser) -> [SimulatedTemporaryAccessPass] {
        let passes = environment.simulator.temporaryAccessPasses(ofUser: user.id)
        for pass in passes { TestSecrets.record(pass.temporaryAccessPass) }
        return passes
    }

    @Test func oneSealedPassPerCaseReusedOnTheNextRun() async throws {
        try await EntraTestEnvironment.with { environment in
            let (onboarding, user, steps, _) = try await Self.correlatedCase(environment)
            let first = await steps.prepareTemporaryAccessPass(onboarding)
            #expect(first.outcome.isSucceeded && first.outcome.text.contains("created a one-time Temporary Access Pass"), "\(first.outcome)")
            let created = try #require(Self.passes(environment, of: user).first)

            let second = await steps.prepareTemporaryAccessPass(onboarding)
            #expect(second.outcome.isSucceeded && second.outcome.text.contains("reusing"), "\(second.outcome)")
            let passes = Self.passes(environment, of: user)
            #expect(passes.map(\.id) == [created.id], "no second pass")
            #expect(passes.first?.temporaryAccessPass == created.temporaryAccessPass)

            let issued = try #require(try await steps.temporaryAccessPass(for: onboarding.id))
            #expect(issued.pass.revealedValue == created.temporaryAccessPass, "the deliver step gets the pass Graph created")
            #expect(issued.methodID == created.id && issued.userID == user.id)
            #expect(!first.outcome.text.contains(created.temporaryAccessPass) && !second.outcome.text.contains(created.temporaryAccessPass))
        }
    }

    /// An intake names an employee whose cloud account is in use (she set up a passkey, the
    /// Authenticator app, a phone): no TAP is created for it, the service desk is told.
    @Test(arguments: [SimulatedAuthenticationMethod.fido2(), .microsoftAuthenticator(), .windowsHelloForBusiness(), .platformCredential(), .phone("+1 5550100123")])
    func noTemporaryAccessPassForAnEntraUserWhoAlreadySetUpASignInMethod(_ method: SimulatedAuthenticationMethod) async throws {
        try await EntraTestEnvironment.with { environment in
            let (onboarding, user, steps, _) = try await Self.correlatedCase(environment)
            environment.simulator.addAuthenticationMethod(method, toUser: user.id)
            let refused = await steps.prepareTemporaryAccessPass(onboarding)
            guard case .attention(let reason) = refused.outcome else { Issue.record("not refused: \(refused.outcome)"); return }
            #expect(reason.contains("Firstkey creates no Temporary Access Pass") && reason.contains("registered"), "\(reason)")
            #expect(Self.passes(environment, of: user).isEmpty, "a pass was created")
        }
    }

    @Test func aPasswordOrAnEmailForSelfServiceResetDoesNotCountAsUse() async throws {
        try await EntraTestEnvironment.with { environment in
            let (onboarding, user, steps, _) = try await Self.correlatedCase(environment)
            environment.simulator.addAuthenticationMethod(.password(), toUser: user.id)
            environment.simulator.addAuthenticationMethod(.email("kim@home.example"), toUser: user.id)
            #expect(await steps.prepareTemporaryAccessPass(onboarding).outcome.isSucceeded)
            #expect(Self.passes(environment, of: user).count == 1)
        }
    }

    @Test func thePassIsNeverInTheDatabaseInPlaintext() async throws {
        try await EntraTestEnvironment.with { environment in
            let (onboarding, user, steps, _) = try await Self.correlatedCase(environment)
            #expect(await steps.prepareTemporaryAccessPass(onboarding).outcome.isSucceeded)
            let pass = try #require(Self.passes(environment, of: user).first)
            let stored = try #require(try await environment.store.sealedSecret(kind: IssuedTemporaryAccessPass.secretKind, for: onboarding.id))
            #expect(!stored.contains(pass.temporaryAccessPass) && !stored.contains(pass.id))
            let bytes = environment.databaseBytes()
            #expect(!bytes.isEmpty)
            #expect(!bytes.contains(pass.temporaryAccessPass))
            // Sealed to this case: another case's ID does not open it.
            let other = try await environment.newCase(HireIdentity(employeeID: "E-other"))
            try await environment.store.storeSealedSecret(stored, kind: IssuedTemporaryAccessPass.secretKind, for: other.id, at: Date())
            await #expect(throws: (any Error).self) { try await steps.temporaryAccessPass(for: other.id) }
        }
    }

    @Test func aPassMadeBeforeTheHireDateStartsOnIt() async throws {
        try await EntraTestEnvironment.with { environment in
            let (future, user, steps, _) = try await Self.correlatedCase(environment, hireInDays: 7)
            #expect(await steps.prepareTemporaryAccessPass(future).outcome.isSucceeded)
            let pass = try #require(Self.passes(environment, of: user).first)
            #expect(pass.startDateTime.map { abs($0.timeIntervalSince(future.hireDate)) < 1 } == true)
            #expect(pass.lifetimeInMinutes == 480 && pass.isUsableOnce)
            let issued = try #require(try await steps.temporaryAccessPass(for: future.id))
            #expect(abs(issued.expiresAt.timeIntervalSince(future.hireDate.addingTimeInterval(480 * 60))) < 1)

            let (started, startedUser, startedSteps, _) = try await Self.correlatedCase(environment, hireInDays: -1,
                                                                                        settings: .init(lifetimeInMinutes: 120, isUsableOnce: false))
            #expect(await startedSteps.prepareTemporaryAccessPass(started).outcome.isSucceeded)
            let now = try #require(Self.passes(environment, of: startedUser).first)
            #expect(now.startDateTime == nil, "the hire has started: usable at once")
            #expect(now.lifetimeInMinutes == 120 && !now.isUsableOnce)
        }
    }

    @Test func aPassLeftByACrashBeforeSealingIsReplacedAndSaid() async throws {
        try await EntraTestEnvironment.with { environment in
            let (onboarding, user, steps, _) = try await Self.correlatedCase(environment)
            // An earlier attempt created a pass and stopped before sealing it.
            let unsealed = try await environment.graph.createTemporaryAccessPass(for: user.id, .init(lifetimeInMinutes: 60, isUsableOnce: true))
            TestSecrets.record(unsealed.pass.revealedValue)
            let result = await steps.prepareTemporaryAccessPass(onboarding)
            #expect(result.outcome.isSucceeded, "\(result.outcome)")
            #expect(result.outcome.text.contains("replaces the pass the user already had (\(unsealed.method.id)"), "\(result.outcome)")
            let passes = Self.passes(environment, of: user)
            let issued = try #require(try await steps.temporaryAccessPass(for: onboarding.id))
            #expect(passes.map(\.id) == [issued.methodID])
            #expect(issued.methodID != unsealed.method.id)
        }
    }

    @Test func aPassThatIsGoneIsCreatedAgain() async throws {
        try await EntraTestEnvironment.with { environment in
            let (onboarding, user, steps, _) = try await Self.correlatedCase(environment)
            #expect(await steps.prepareTemporaryAccessPass(onboarding).outcome.isSucceeded)
            let first = try #require(try await steps.temporaryAccessPass(for: onboarding.id))
            TestSecrets.record(first.pass.revealedValue)
            #expect(try await environment.graph.deleteTemporaryAccessPass(first.methodID, of: user.id))
            let again = await steps.prepareTemporaryAccessPass(onboarding)
            #expect(again.outcome.isSucceeded && again.outcome.text.contains("is gone"), "\(again.outcome)")
            let second = try #require(try await steps.temporaryAccessPass(for: onboarding.id))
            #expect(second.methodID != first.methodID)
            #expect(Self.passes(environment, of: user).map(\.id) == [second.methodID])
        }
    }

    @Test func privilegedAccountsGetNoPass() async throws {
        try await EntraTestEnvironment.with { environment in
            let (onboarding, user, steps, _) = try await Self.correlatedCase(environment, directory: { FakeDirectory(accounts: [$0], protectedDNs: [$0.dn]) })
            let result = await steps.prepareTemporaryAccessPass(onboarding)
            #expect(result.outcome.isFailed && result.outcome.text.contains("protected"), "\(result.outcome)")
            #expect(Self.passes(environment, of: user).isEmpty)
            #expect(try await steps.temporaryAccessPass(for: onboarding.id) == nil)
        }
    }

    @Test func withoutASealingKeyNoPassIsCreated() async throws {
        try await EntraTestEnvironment.with { environment in
            let (onboarding, user, _, _) = try await Self.correlatedCase(environment)
            let unsealed = environment.steps(FakeDirectory(accounts: []), sealed: false)
            let result = await unsealed.prepareTemporaryAccessPass(onboarding)
            #expect(result.outcome.isFailed && result.outcome.text.contains("sealing key"), "\(result.outcome)")
            #expect(Self.passes(environment, of: user).isEmpty)
        }
    }

    /// Every passwordless method Graph v1.0 has ends the pass's life: a Mac user who sets up
    /// Platform SSO does not keep a TAP until it expires.
    @Test(arguments: [SimulatedAuthenticationMethod.fido2(), .microsoftAuthenticator(), .windowsHelloForBusiness(), .platformCredential()])
    func everyPasswordlessMethodEndsThePass(_ method: SimulatedAuthenticationMethod) async throws {
        try await EntraTestEnvironment.with { environment in
            let (onboarding, user, steps, _) = try await Self.correlatedCase(environment, hireInDays: -0.1)
            #expect(await steps.prepareTemporaryAccessPass(onboarding).outcome.isSucceeded)
            environment.simulator.addAuthenticationMethod(method, toUser: user.id)
            let done = await steps.complete(onboarding)
            #expect(done.outcome.isSucceeded && done.outcome.text.contains("was deleted"), "\(done.outcome)")
            #expect(Self.passes(environment, of: user).isEmpty)
        }
    }

    @Test func thePassIsDeletedOnceAPasskeyIsRegistered() async throws {
        try await EntraTestEnvironment.with { environment in
            let (onboarding, user, steps, _) = try await Self.correlatedCase(environment, hireInDays: -0.1)
            // (An Entra user who already had a sign-in method gets no pass at all: see
            // noTemporaryAccessPassForAnEntraUserWhoAlreadySetUpASignInMethod.)
            #expect(await steps.prepareTemporaryAccessPass(onboarding).outcome.isSucceeded)
            let waiting = await steps.complete(onboarding)
            #expect(waiting.outcome.isWait, "\(waiting.outcome)")
            #expect(Self.passes(environment, of: user).count == 1)

            environment.simulator.addAuthenticationMethod(.fido2(), toUser: user.id)
            let done = await steps.complete(onboarding)
            #expect(done.outcome.isSucceeded && done.outcome.text.contains("passkey") && done.outcome.text.contains("was deleted"), "\(done.outcome)")
            #expect(Self.passes(environment, of: user).isEmpty)
            // Repeating the step after a crash finds it gone and still succeeds.
            let again = await steps.complete(onboarding)
            #expect(again.outcome.isSucceeded && again.outcome.text.contains("already gone"), "\(again.outcome)")
        }
    }

    @Test func thePassIsDeletedAtItsExpiry() async throws {
        try await EntraTestEnvironment.with { environment in
            let (onboarding, user, steps, _) = try await Self.correlatedCase(environment, hireInDays: -0.1, settings: .init(lifetimeInMinutes: 60))
            #expect(await steps.prepareTemporaryAccessPass(onboarding).outcome.isSucceeded)
            environment.simulator.advanceClock(by: 59 * 60)
            #expect(await steps.complete(onboarding).outcome.isWait)
            environment.simulator.advanceClock(by: 2 * 60)
            let expired = await steps.complete(onboarding)
            #expect(expired.outcome.isSucceeded && expired.outcome.text.contains("expired") && expired.outcome.text.contains("was deleted"), "\(expired.outcome)")
            #expect(Self.passes(environment, of: user).isEmpty)
        }
    }

    @Test func cleanUpRemovesALeftoverPass() async throws {
        try await EntraTestEnvironment.with { environment in
            let (onboarding, user, steps, _) = try await Self.correlatedCase(environment)
            #expect(await steps.prepareTemporaryAccessPass(onboarding).outcome.isSucceeded)
            #expect(Self.passes(environment, of: user).count == 1)
            let cleaned = await steps.cleanUp(onboarding)
            #expect(cleaned.outcome.isSucceeded && cleaned.outcome.text.contains("deleted the leftover"), "\(cleaned.outcome)")
            #expect(Self.passes(environment, of: user).isEmpty)
            let again = await steps.cleanUp(onboarding)
            #expect(again.outcome.isSucceeded && again.outcome.text.contains("already gone"), "\(again.outcome)")
        }
    }

    @Test func cleanUpLeavesPassesFirstkeyDidNotCreate() async throws {
        try await EntraTestEnvironment.with { environment in
            let (onboarding, user, steps, _) = try await Self.correlatedCase(environment, mode: .temporaryPassword)
            let others = try await environment.graph.createTemporaryAccessPass(for: user.id, .init(lifetimeInMinutes: 60))
            TestSecrets.record(others.pass.revealedValue)
            let cleaned = await steps.cleanUp(onboarding)
            #expect(cleaned.outcome.isSucceeded && cleaned.outcome.text.contains("created no Temporary Access Pass"), "\(cleaned.outcome)")
            #expect(Self.passes(environment, of: user).map(\.id) == [others.method.id])
        }
    }

    @Test(arguments: [FaultRule.throttle("/v1.0/users", times: 1, retryAfter: 0.01), .serverError("/v1.0/users", status: 500, times: 1)])
    func throttlingAndServerErrorsRetry(fault: FaultRule) async throws {
        try await EntraTestEnvironment.with(retryPolicy: EntraTestEnvironment.noRetries) { environment in
            let (onboarding, user, steps, _) = try await Self.correlatedCase(environment, hireInDays: -0.1)
            // Creating the pass.
            environment.simulator.addFault(FaultRule(pathPrefix: "/v1.0/users/\(user.id)/authentication/temporaryAccessPassMethods", method: "POST",
                                                     fault: fault.fault, count: 1))
            let refused = await steps.prepareTemporaryAccessPass(onboarding)
            #expect(refused.outcome.isRetry, "\(refused.outcome)")
            #expect(try await steps.temporaryAccessPass(for: onboarding.id) == nil)
            #expect(await steps.prepareTemporaryAccessPass(onboarding).outcome.isSucceeded)
            // Watching the methods.
            environment.simulator.addFault(fault)
            let watching = await steps.complete(onboarding)
            #expect(watching.outcome.isRetry, "\(watching.outcome)")
            // Cleaning up.
            environment.simulator.addFault(fault)
            let cleaning = await steps.cleanUp(onboarding)
            #expect(cleaning.outcome.isRetry, "\(cleaning.outcome)")
            #expect(Self.passes(environment, of: user).count == 1)
            #expect(await steps.cleanUp(onboarding).outcome.isSucceeded)
            #expect(Self.passes(environment, of: user).isEmpty)
        }
    }
}
