import FirstkeySimulator
import Foundation
@testable import Microsoft
import Testing

@Suite(.serialized) struct GraphIntegrationTests {
    static let kathy = SimulatedUser(
        id: "a97733ce-92a4-4e7e-8d45-8e1f3e6a69d8", userPrincipalName: "kjensen@contoso.com", displayName: "Kathy Jensen", accountEnabled: false,
        otherMails: ["kathy@example.org"], mobilePhone: "+1 5555551234", businessPhones: ["+1 4255550100"], employeeId: "701985",
        employeeHireDate: Date(timeIntervalSince1970: 1_767_225_600),
        onPremisesSecurityIdentifier: "S-1-5-21-1004336348-1177238915-682003330-5120", onPremisesImmutableId: "8hYe8zR0qkS3Q0ZbN3sQ1A==",
        onPremisesSamAccountName: "kjensen", onPremisesDistinguishedName: "CN=Kathy Jensen,OU=Staff,DC=contoso,DC=com", onPremisesSyncEnabled: true,
        onPremisesDomainName: "contoso.com", managerID: "11111111-aaaa-bbbb-cccc-000000000001")
    static let manager = SimulatedUser(id: "11111111-aaaa-bbbb-cccc-000000000001", userPrincipalName: "boss@contoso.com", displayName: "Boss", mail: "boss@contoso.com")

    func seed(_ simulator: FirstkeySimulator) {
        simulator.addUser(Self.manager)
        simulator.addUser(Self.kathy)
    }

    @Test(arguments: [SimulatorEnvironment.Scheme.http, .https])
    func userLookups(_ scheme: SimulatorEnvironment.Scheme) async throws {
        try await SimulatorEnvironment.with(scheme) { environment in
            seed(environment.simulator)
            let graph = try environment.graphClient()
            let byID = try require_(try await graph.user(Self.kathy.id))
            #expect(byID.userPrincipalName == "kjensen@contoso.com")
            #expect(byID.accountEnabled == false)
            #expect(byID.employeeID == "701985")
            #expect(byID.onPremisesSamAccountName == "kjensen")
            #expect(byID.onPremisesImmutableID == "8hYe8zR0qkS3Q0ZbN3sQ1A==")
            #expect(byID.onPremisesSecurityIdentifier == "S-1-5-21-1004336348-1177238915-682003330-5120")
            #expect(byID.isSyncedFromOnPremises)
            #expect(try await graph.user("kjensen@contoso.com")?.id == Self.kathy.id)
            #expect(try await graph.user("nobody@contoso.com") == nil)

            #expect(try await graph.users(matching: .employeeID("701985")).map(\.id) == [Self.kathy.id])
            #expect(try await graph.users(matching: .onPremisesSamAccountName("kjensen")).map(\.id) == [Self.kathy.id])
            #expect(try await graph.users(matching: .onPremisesImmutableID("8hYe8zR0qkS3Q0ZbN3sQ1A==")).map(\.id) == [Self.kathy.id])
            #expect(try await graph.users(matching: .userPrincipalName("o'brien@contoso.com")).isEmpty)
            #expect(try await graph.users(matching: .employeeID("000000")).isEmpty)
        }
    }

    @Test func managerOrNone() async throws {
        try await SimulatorEnvironment.with { environment in
            seed(environment.simulator)
            let graph = try environment.graphClient()
            let manager = try require_(try await graph.manager(of: Self.kathy.id))
            #expect(manager.id == Self.manager.id)
            #expect(manager.kind == .user)
            #expect(manager.mail == "boss@contoso.com")
            #expect(try await graph.manager(of: Self.manager.id) == nil)
        }
    }

    @Test func newHiresArePagedWithTheAdvancedHeadersResent() async throws {
        try await SimulatorEnvironment.with { environment in
            let start = Date(timeIntervalSince1970: 1_767_225_600)
            for index in 0..<230 {
                environment.simulator.addUser(SimulatedUser(
                    userPrincipalName: "hire\(index)@contoso.com", employeeId: "\(900_000 + index)",
                    employeeHireDate: start.addingTimeInterval(TimeInterval(index % 10) * 86_400)))
            }
            environment.simulator.addUser(SimulatedUser(userPrincipalName: "old@contoso.com", employeeHireDate: start.addingTimeInterval(-90 * 86_400)))
            let hires = try await environment.graphClient().usersHired(from: start, to: start.addingTimeInterval(30 * 86_400))
            #expect(hires.count == 230)
            #expect(Set(hires.map(\.id)).count == 230)
            #expect(hires.allSatisfy { $0.employeeHireDate != nil })
        }
    }

    @Test func authenticationMethods() async throws {
        try await SimulatorEnvironment.with { environment in
            seed(environment.simulator)
            let simulator = environment.simulator
            simulator.addAuthenticationMethod(.password(), toUser: Self.kathy.id)
            simulator.addAuthenticationMethod(.phone("+1 5555551234", smsSignInState: "ready"), toUser: Self.kathy.id)
            let graph = try environment.graphClient()

            var methods = try await graph.authenticationMethods(of: Self.kathy.id)
            #expect(methods.contains(.password(id: "28c10230-6103-485e-b985-444c60001490")))
            #expect(methods.showsUserIsOnboarded, "a phone method counts")
            let phones = try await graph.phoneMethods(of: Self.kathy.id)
            #expect(phones.first?.phoneType == .mobile)
            #expect(phones.first?.e164Number == "+15555551234")
            #expect(phones.first?.smsSignInState == .ready)

            simulator.removeAuthenticationMethod(id: "3179e48a-750b-4051-897c-87b9720928f7", fromUser: Self.kathy.id)
            _ = try await graph.createTemporaryAccessPass(for: Self.kathy.id)
            methods = try await graph.authenticationMethods(of: Self.kathy.id)
            #expect(!methods.showsUserIsOnboarded, "password and TAP only")

            simulator.addAuthenticationMethod(.fido2(), toUser: Self.kathy.id)
            simulator.addAuthenticationMethod(.microsoftAuthenticator(), toUser: Self.kathy.id)
            simulator.addAuthenticationMethod(.windowsHelloForBusiness(), toUser: Self.kathy.id)
            methods = try await graph.authenticationMethods(of: Self.kathy.id)
            #expect(methods.showsUserIsOnboarded)
            #expect(methods.contains { if case .fido2(let key) = $0 { key.model == "YubiKey 5 NFC" } else { false } })
            #expect(methods.contains { if case .microsoftAuthenticator = $0 { true } else { false } })
            #expect(methods.contains { if case .windowsHelloForBusiness = $0 { true } else { false } })
            #expect(!methods.contains { if case .unrecognized = $0 { true } else { false } })
        }
    }

    @Test func temporaryAccessPassCreateListGetDelete() async throws {
        try await SimulatorEnvironment.with { environment in
            seed(environment.simulator)
            let graph = try environment.graphClient()
            let created = try await graph.createTemporaryAccessPass(for: Self.kathy.id, .init(lifetimeInMinutes: 60, isUsableOnce: true))
            let stored = try require_(environment.simulator.temporaryAccessPasses(ofUser: Self.kathy.id).first)
            #expect(created.pass.revealedValue == stored.temporaryAccessPass)
            #expect(created.method.id == stored.id)
            #expect(created.method.isUsableOnce == true)
            #expect(created.method.lifetimeInMinutes == 60)
            #expect(!"\(created)".contains(stored.temporaryAccessPass))

            let listed = try await graph.temporaryAccessPasses(of: Self.kathy.id)
            #expect(listed.map(\.id) == [created.method.id])
            #expect(try await graph.temporaryAccessPass(created.method.id, of: Self.kathy.id)?.id == created.method.id)

            // A second pass replaces the first.
            let replacement = try await graph.createTemporaryAccessPass(for: Self.kathy.id, .init(lifetimeInMinutes: 60))
            #expect(try await graph.temporaryAccessPasses(of: Self.kathy.id).map(\.id) == [replacement.method.id])

            #expect(try await graph.deleteTemporaryAccessPass(replacement.method.id, of: Self.kathy.id))
            #expect(environment.simulator.temporaryAccessPasses(ofUser: Self.kathy.id).isEmpty)
            #expect(try await graph.deleteTemporaryAccessPass(replacement.method.id, of: Self.kathy.id) == false)
            #expect(try await graph.temporaryAccessPass(replacement.method.id, of: Self.kathy.id) == nil)
        }
    }

    @Test func missingPermissionNamesIt() async throws {
        try await SimulatorEnvironment.with(roles: ["User.Read.All"]) { environment in
            seed(environment.simulator)
            let error = await #expect(throws: GraphError.self) { try await environment.graphClient().createTemporaryAccessPass(for: Self.kathy.id) }
            #expect(error?.code == .forbidden)
            #expect(error?.httpStatus == 403)
            #expect(error?.requestID != nil)
            #expect(error?.clientRequestID != nil)
            #expect(error?.description.contains("UserAuthenticationMethod.ReadWrite.All") == true)
        }
    }

    @Test func sendMail() async throws {
        try await SimulatorEnvironment.with { environment in
            seed(environment.simulator)
            environment.simulator.addUser(SimulatedUser(userPrincipalName: "noreply@contoso.com", mail: "noreply@contoso.com"))
            let message = MailMessage(
                subject: "Your first sign-in", body: .html("<p>Welcome</p>"), to: ["kathy@example.org"], cc: ["boss@contoso.com"],
                headers: [.init(name: "x-firstkey-case", value: "123")])
            try await environment.graphClient().sendMail(from: "noreply@contoso.com", message)
            let sent = try require_(environment.simulator.sentMail().first)
            #expect(sent.toRecipients == ["kathy@example.org"])
            #expect(sent.ccRecipients == ["boss@contoso.com"])
            #expect(sent.subject == "Your first sign-in")
            #expect(sent.contentType == "HTML")
            #expect(sent.body == "<p>Welcome</p>")
            #expect(sent.headers == [.init(name: "x-firstkey-case", value: "123")])
            #expect(sent.saveToSentItems == false)
            #expect(sent.senderAppID == environment.application.clientID)
        }
    }

    @Test func mailboxOutsideTheAccessPolicyIsExplained() async throws {
        try await SimulatorEnvironment.with(configure: { $0.mailboxScope = ["someone-else"] }) { environment in
            environment.simulator.addUser(SimulatedUser(userPrincipalName: "noreply@contoso.com", mail: "noreply@contoso.com"))
            let error = await #expect(throws: GraphError.self) {
                try await environment.graphClient().sendMail(from: "noreply@contoso.com", MailMessage(subject: "s", body: .text("b"), to: ["k@example.org"]))
            }
            #expect(error?.code == .forbidden)
            #expect(error?.graphCode == "ErrorAccessDenied")
            #expect(error?.description.contains("ApplicationAccessPolicy") == true)
        }
    }

    @Test func resumeLifecycleWorkflow() async throws {
        try await SimulatorEnvironment.with { environment in
            let pending = SimulatedTaskProcessingResult(authorizedApps: [environment.application.clientID])
            environment.simulator.registerTaskProcessingResult(pending)
            let callback = try LifecycleWorkflowCallback(callbackURIPath: pending.callbackURIPath)
            try await environment.graphClient().resumeLifecycleWorkflow(callback, status: .completed)
            let call = try require_(environment.simulator.resumeCalls().first)
            #expect(call.workflowID == pending.workflowID)
            #expect(call.taskID == pending.taskID)
            #expect(call.taskProcessingResultID == pending.taskProcessingResultID)
            #expect(call.operationStatus == "Completed")
            #expect(call.callerAppID == environment.application.clientID)
            #expect(call.actionSegment == "resume")

            let unauthorized = SimulatedTaskProcessingResult(authorizedApps: [])
            environment.simulator.registerTaskProcessingResult(unauthorized)
            let error = await #expect(throws: GraphError.self) {
                try await environment.graphClient().resumeLifecycleWorkflow(try LifecycleWorkflowCallback(callbackURIPath: unauthorized.callbackURIPath), status: .failed)
            }
            #expect(error?.code == .forbidden)
            #expect(error?.description.contains("authorizedApps") == true)
        }
    }

    @Test func expiredTokenIsReplacedAfterA401() async throws {
        try await SimulatorEnvironment.with { environment in
            seed(environment.simulator)
            let graph = try environment.graphClient()
            #expect(try await graph.user(Self.kathy.id) != nil)
            // The tenant's clock moves past the cached token's expiry; Firstkey's does not.
            environment.simulator.advanceClock(by: 4000)
            #expect(try await graph.user(Self.kathy.id)?.id == Self.kathy.id)
        }
    }

    @Test func throttlingAndServerErrorsAreRetried() async throws {
        try await SimulatorEnvironment.with { environment in
            seed(environment.simulator)
            let graph = try environment.graphClient()
            environment.simulator.setFaults(FaultPlan([.throttle("/v1.0/users", times: 2, retryAfter: 0.2)]))
            let clock = ContinuousClock()
            let started = clock.now
            #expect(try await graph.user(Self.kathy.id)?.id == Self.kathy.id)
            #expect(clock.now - started >= .milliseconds(400), "Retry-After 0.2 honoured twice")

            environment.simulator.setFaults(FaultPlan([.serverError("/v1.0/users", status: 500, times: 2)]))
            #expect(try await graph.user(Self.kathy.id)?.id == Self.kathy.id)

            environment.simulator.setFaults(FaultPlan([.dropConnection("/v1.0/users", times: 1)]))
            #expect(try await graph.user(Self.kathy.id)?.id == Self.kathy.id)

            environment.simulator.setFaults(FaultPlan([.serverError("/v1.0/users", status: 503, times: 100, retryAfter: 0.01)]))
            let error = await #expect(throws: GraphError.self) { try await graph.user(Self.kathy.id) }
            #expect(error?.code == .serviceUnavailable)
            #expect(error?.httpStatus == 503)
        }
    }
}
