import FirstkeySimulator
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Microsoft
import Onboarding
import OnboardingEngine
import Store
import Testing
@testable import Server

/// The custom task extension endpoint against the simulated tenant: Entra access tokens are
/// checked for real (JWKS, issuer, audience, caller), the hire is read from simulated Graph,
/// and the workflow is resumed through Graph once the case has an outcome.
@Suite struct LifecycleWorkflowEndpointTests {
    static let logicAppIdentity = "6d9f3f5e-1111-4c8e-9a55-0e5b3c2a7c10"

    struct Fixture: Sendable {
        let simulator: FirstkeySimulator
        let application: SimulatedApplication
        let graph: GraphClient
        let transport: AsyncHTTPClientTransport
        let store: SQLiteCaseStore
        let engine: OnboardingEngine
        let hire: SimulatedUser
        let taskResult: SimulatedTaskProcessingResult

        func token(appID: String = LifecycleWorkflowEndpointTests.logicAppIdentity, audience: String? = nil, expiresIn: TimeInterval = 3600,
                   signature: SimulatedAccessToken.Signature = .publishedKey) throws -> String {
            try simulator.issueAccessToken(SimulatedAccessToken(audience: audience ?? "api://\(application.clientID)", appID: appID,
                                                                expiresAt: Date().addingTimeInterval(expiresIn), signature: signature))
        }

        func callout(subject: String? = nil) -> String {
            """
            {"source":"sample","type":"lifecycleEvent","data":{
              "subject":{"id":"\(subject ?? hire.id)","displayName":"Kathy Jensen","userPrincipalName":"\(hire.userPrincipalName)",
                         "manager":{"id":"m1","displayName":"Manager","email":"manager@contoso.example"}},
              "task":{"id":"\(taskResult.taskID)","displayName":"Firstkey"},
              "taskProcessingResult":{"id":"\(taskResult.taskProcessingResultID)","createdDateTime":"2026-11-25T00:00:00Z"},
              "workflow":{"id":"\(taskResult.workflowID)","displayName":"Pre-hire","workflowVersion":1}}}
            """
        }
    }

    static func withFixture(runner: any StepRunner = NoRunner(), _ body: @escaping @Sendable (Fixture, any TestClientProtocol) async throws -> Void) async throws {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let simulator = try await FirstkeySimulator.start(SimulatorConfiguration(httpsPort: nil), logger: logger)
        let secret = "sim~" + UUID().uuidString
        let application = SimulatedApplication(secrets: [secret], grantedRoles: ["User.Read.All"], identifierURIs: ["api://firstkey"])
        simulator.registerApplication(application)
        let hire = SimulatedUser(userPrincipalName: "kjensen@contoso.example", displayName: "Kathy Jensen", otherMails: ["kathy@home.example"],
                                 mobilePhone: "+1 5555551234", employeeId: "701985", employeeHireDate: Date().addingTimeInterval(7 * 86400),
                                 onPremisesSecurityIdentifier: "S-1-5-21-1004336348-1177238915-682003330-5120", onPremisesSamAccountName: "kjensen",
                                 onPremisesSyncEnabled: true)
        simulator.addUser(hire)
        let taskResult = SimulatedTaskProcessingResult(authorizedApps: [application.clientID])
        simulator.registerTaskProcessingResult(taskResult)
        let configuration = try EntraConfiguration(tenantID: simulator.tenantID, clientID: application.clientID, credential: .secret(try EntraClientSecret(secret)),
                                                   authorityHost: URL(string: simulator.httpURL)!, graphBaseURL: URL(string: simulator.httpURL + "/v1.0")!)
        let transport = try AsyncHTTPClientTransport(configuration: configuration)
        let graph = GraphClient(configuration: configuration, tokens: EntraTokenClient(configuration: configuration, transport: transport, logger: logger),
                                transport: transport, retryPolicy: RetryPolicy(maximumAttempts: 2, baseDelay: .milliseconds(5), maximumDelay: .milliseconds(10)), logger: logger)
        let keys = EntraSigningKeys(configuration: configuration, transport: transport, logger: logger)
        let policy = EntraAccessTokenPolicy(audiences: EntraAccessTokenPolicy.audiences(clientID: application.clientID, appIDURIs: ["api://\(application.clientID)"]),
                                            allowedCallerAppIDs: [logicAppIdentity])
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("firstkey-lwf-\(UUID().uuidString).sqlite").path
        let store = try await SQLiteCaseStore.open(path: path)
        let engine = OnboardingEngine(store: store, lifecycle: CaseLifecycle(), runner: runner, callbacks: GraphCallbackReporter(graph: graph))
        let intake = LifecycleWorkflowIntake(validator: EntraJWTValidator(policy: policy, keys: keys), graph: graph, deliveryMode: .selfService)
        let app = Application(router: AdminAPI.router(engine: engine, store: store, lifecycleWorkflows: intake))
        let fixture = Fixture(simulator: simulator, application: application, graph: graph, transport: transport, store: store, engine: engine, hire: hire, taskResult: taskResult)
        do {
            try await app.test(.router) { client in try await body(fixture, client) }
        } catch {
            await store.close(); try? await transport.shutdown(); try? await simulator.shutdown()
            throw error
        }
        await store.close(); try await transport.shutdown(); try await simulator.shutdown()
    }

    static func send(_ client: any TestClientProtocol, token: String?, body: String) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await client.execute(uri: "/api/v1/lifecycle-workflows/callout", method: .post, headers: headers, body: ByteBuffer(string: body)) { $0 }
    }

    static func post(_ client: any TestClientProtocol, token: String?, body: String, _ check: @escaping @Sendable (TestResponse) throws -> Void) async throws {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let token { headers[.authorization] = "Bearer \(token)" }
        try await client.execute(uri: "/api/v1/lifecycle-workflows/callout", method: .post, headers: headers, body: ByteBuffer(string: body), testCallback: check)
    }

    @Test func anAllowedCalleOpensTheCaseFromGraphAndADuplicateFindsIt() async throws {
        try await Self.withFixture { fixture, client in
            let first = try await Self.send(client, token: try fixture.token(), body: fixture.callout())
            #expect(first.status == .accepted)
            let body = AdminAPITests.json(first.body)
            #expect(body["created"] as? Bool == true)
            let caseID = body["caseId"] as? String ?? ""
            let second = try await Self.send(client, token: try fixture.token(), body: fixture.callout())
            #expect(second.status == .accepted)
            #expect(AdminAPITests.json(second.body)["caseId"] as? String == caseID)
            #expect(AdminAPITests.json(second.body)["created"] as? Bool == false)
            let onboarding = try #require(try await fixture.store.fetchCase(CaseID(rawValue: caseID)))
            #expect(onboarding.source == "lifecycle-workflow")
            #expect(onboarding.identity.entraObjectID == fixture.hire.id)
            #expect(onboarding.identity.employeeID == "701985" && onboarding.identity.samAccountName == "kjensen")
            #expect(onboarding.identity.objectSid == "S-1-5-21-1004336348-1177238915-682003330-5120")
            #expect(onboarding.recipients.mobilePhone == "+15555551234")
            #expect(onboarding.recipients.privateEmail == "kathy@home.example")
            #expect(onboarding.recipients.managerEmail == "manager@contoso.example")
            #expect(onboarding.callback?.taskProcessingResultID == fixture.taskResult.taskProcessingResultID)
            #expect(try await fixture.store.listCases(CaseFilter()).count == 1)
        }
    }

    @Test func tokensAreCheckedBeforeAnythingElse() async throws {
        try await Self.withFixture { fixture, client in
            let callout = fixture.callout()
            try await Self.post(client, token: nil, body: callout) { #expect($0.status == .unauthorized) }
            try await Self.post(client, token: "not-a-jwt", body: callout) { #expect($0.status == .unauthorized) }
            try await Self.post(client, token: try fixture.token(appID: "00000000-0000-0000-0000-00000000dead"), body: callout) { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.wwwAuthenticate]?.contains("invalid_token") == true)
            }
            try await Self.post(client, token: try fixture.token(audience: "https://graph.microsoft.com"), body: callout) { #expect($0.status == .unauthorized) }
            try await Self.post(client, token: try fixture.token(expiresIn: -600), body: callout) { #expect($0.status == .unauthorized) }
            try await Self.post(client, token: try fixture.token(signature: .unpublishedKey), body: callout) { response in
                #expect(response.status == .unauthorized)
                // the refusal never echoes the token
                #expect(!String(buffer: response.body).contains("eyJ"))
            }
            #expect(try await fixture.store.listCases(CaseFilter()).isEmpty)
        }
    }

    @Test func badCalloutsAndUnknownUsersAreNamedAndGraphOutagesAskForARetry() async throws {
        try await Self.withFixture { fixture, client in
            try await Self.post(client, token: try fixture.token(), body: #"{"data":{}}"#) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("subject"))
            }
            try await Self.post(client, token: try fixture.token(), body: fixture.callout(subject: "3f2a0000-0000-0000-0000-000000000000")) { #expect($0.status == .unprocessableContent) }
            // A blank or cut-short ID: the callout is wrong, not Graph down, so no retry (found by firstkey-fuzz).
            for subject in ["   ", "3f2a0000-00    "] {
                try await Self.post(client, token: try fixture.token(), body: fixture.callout(subject: subject)) { response in
                    #expect(response.status == .unprocessableContent, "\(subject)")
                    #expect(response.headers[.retryAfter] == nil)
                }
            }
            var noDate = SimulatedUser(userPrincipalName: "nodate@contoso.example", onPremisesSyncEnabled: true)
            noDate.employeeHireDate = nil
            fixture.simulator.addUser(noDate)
            try await Self.post(client, token: try fixture.token(), body: fixture.callout(subject: noDate.id)) { response in
                #expect(response.status == .unprocessableContent)
                #expect(String(buffer: response.body).contains("employeeHireDate"))
            }
            fixture.simulator.addFault(.serverError("/v1.0/users", status: 500, times: 10))
            try await Self.post(client, token: try fixture.token(), body: fixture.callout()) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.headers[.retryAfter] != nil)
            }
            #expect(try await fixture.store.listCases(CaseFilter()).isEmpty)
        }
    }

    @Test func theWorkflowIsResumedWithTheOutcome() async throws {
        let failing = FailingRunner()
        try await Self.withFixture(runner: failing) { fixture, client in
            try await Self.post(client, token: try fixture.token(), body: fixture.callout()) { #expect($0.status == .accepted) }
            await fixture.engine.runOnce()  // correlate fails for good
            await fixture.engine.runOnce()  // the outcome is reported
            let calls = fixture.simulator.resumeCalls()
            #expect(calls.map(\.operationStatus) == ["Failed"])
            #expect(calls.first?.taskProcessingResultID == fixture.taskResult.taskProcessingResultID)
            #expect(calls.first?.callerAppID == fixture.application.clientID)
            let onboarding = try #require(try await fixture.store.listCases(CaseFilter()).first)
            #expect(onboarding.callback?.status == .sent)
        }
    }

    @Test func withoutConfigurationTheEndpointSaysSo() async throws {
        try await AdminAPITests.withAPI { _, client in
            try await client.execute(uri: "/api/v1/lifecycle-workflows/callout", method: .post, body: ByteBuffer(string: "{}")) { response in
                #expect(response.status == .notImplemented)
                #expect(String(buffer: response.body).contains("lifecycleWorkflows.allowedCallers"))
            }
        }
    }
}

struct FailingRunner: StepRunner {
    func run(_ kind: StepKind, for onboarding: OnboardingCase) async -> StepResult { StepResult(.failed(reason: "two AD accounts match; Firstkey never guesses")) }
}

/// The shipped Logic App forwards to this endpoint, with a managed identity, and accepts only
/// Entra's Lifecycle Workflows callout: kept true against the code and the reference (§6).
@Suite struct LogicAppDefinitionTests {
    @Test func theForwarderMatchesTheEndpoint() throws {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("deploy/logic-app/firstkey-lifecycle-workflow-forwarder.json")
        let root = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
        let properties = try #require(root["properties"] as? [String: Any])
        let definition = try #require(properties["definition"] as? [String: Any])
        let parameters = try #require(definition["parameters"] as? [String: [String: Any]])
        #expect((parameters["firstkeyCalloutUrl"]?["defaultValue"] as? String)?.hasSuffix(LifecycleWorkflowEndpoint.path) == true)
        let action = try #require((definition["actions"] as? [String: [String: Any]])?["Forward_to_Firstkey"])
        let inputs = try #require(action["inputs"] as? [String: Any])
        #expect(inputs["method"] as? String == "POST" && inputs["body"] as? String == "@triggerBody()")
        #expect((inputs["authentication"] as? [String: String])?["type"] == "ManagedServiceIdentity")
        let triggers = (properties["accessControl"] as? [String: Any])?["triggers"] as? [String: Any]
        // Only the Entra PoP policy admits a caller: the SAS-signed trigger URL is switched off.
        #expect((triggers?["sasAuthenticationPolicy"] as? [String: String])?["state"] == "Disabled")
        let policies = (triggers?["openAuthenticationPolicies"] as? [String: Any])?["policies"] as? [String: [String: Any]]
        #expect(policies?.count == 1)
        let policy = try #require(policies?.values.first)
        #expect(policy["type"] as? String == "AADPOP")
        let claims = (policy["claims"] as? [[String: String]] ?? []).reduce(into: [String: String]()) { $0[$1["name"] ?? ""] = $1["value"] }
        #expect(claims["appid"] == "ce79fdc4-cd1d-4ea5-8139-e74d7dbe0bb7")   // the Lifecycle Workflows first-party app
        #expect(claims["m"] == "POST" && claims["u"] == "management.azure.com")
    }
}
