import HTTPTypes
import FirstkeySimulator
import Foundation
import Logging
import Microsoft
import Onboarding
import Server

/// `POST /api/v1/lifecycle-workflows/callout` with a valid Entra access token, issued by an
/// in-process simulated tenant whose JWKS the endpoint really checks; the hire is read from the
/// simulator's Graph over loopback HTTP. Only the body is fuzzed: token refusal has its own tests.
struct LifecycleWorkflowTarget: FuzzTarget {
    let name = "lwf"
    let fixture: HTTPIntakeFixture
    let authorization: String
    let seeds: [[UInt8]]
    let hireID: String

    static let logicAppIdentity = "6d9f3f5e-1111-4c8e-9a55-0e5b3c2a7c10"

    static func with<Value: Sendable>(_ body: @escaping @Sendable (LifecycleWorkflowTarget) async throws -> Value) async throws -> Value {
        let logger = HTTPIntakeFixture.quietLogger
        let simulator = try await FirstkeySimulator.start(SimulatorConfiguration(httpsPort: nil), logger: logger)
        let secret = "sim~" + UUID().uuidString
        let application = SimulatedApplication(secrets: [secret], grantedRoles: ["User.Read.All"], identifierURIs: ["api://firstkey"])
        simulator.registerApplication(application)
        let hire = SimulatedUser(id: "5b3c2a7c-0e5b-4c8e-9a55-6d9f3f5e0701", userPrincipalName: "kjensen@contoso.example", displayName: "Kathy Jensen", otherMails: ["kathy@home.example"],
                                 mobilePhone: "+1 5555551234", employeeId: "701985", employeeHireDate: Date().addingTimeInterval(7 * 86400),
                                 onPremisesSecurityIdentifier: "S-1-5-21-1004336348-1177238915-682003330-5120", onPremisesSamAccountName: "kjensen",
                                 onPremisesSyncEnabled: true)
        simulator.addUser(hire)
        let noDate = SimulatedUser(id: "5b3c2a7c-0e5b-4c8e-9a55-6d9f3f5e0702", userPrincipalName: "nodate@contoso.example", displayName: "No Date", employeeId: "701986")
        simulator.addUser(noDate)
        let taskResult = SimulatedTaskProcessingResult(workflowID: "0f1e2d3c-0000-4000-8000-000000000001", taskID: "0f1e2d3c-0000-4000-8000-000000000002",
                                                       taskProcessingResultID: "0f1e2d3c-0000-4000-8000-000000000003", authorizedApps: [application.clientID])
        simulator.registerTaskProcessingResult(taskResult)
        let transport: AsyncHTTPClientTransport
        do {
            let configuration = try EntraConfiguration(tenantID: simulator.tenantID, clientID: application.clientID, credential: .secret(try EntraClientSecret(secret)),
                                                       authorityHost: URL(string: simulator.httpURL)!, graphBaseURL: URL(string: simulator.httpURL + "/v1.0")!)
            transport = try AsyncHTTPClientTransport(configuration: configuration)
            let graph = GraphClient(configuration: configuration, tokens: EntraTokenClient(configuration: configuration, transport: transport, logger: logger),
                                    transport: transport, retryPolicy: RetryPolicy(maximumAttempts: 2, baseDelay: .milliseconds(5), maximumDelay: .milliseconds(10)), logger: logger)
            let keys = EntraSigningKeys(configuration: configuration, transport: transport, logger: logger)
            let policy = EntraAccessTokenPolicy(audiences: EntraAccessTokenPolicy.audiences(clientID: application.clientID, appIDURIs: ["api://\(application.clientID)"]),
                                                allowedCallerAppIDs: [logicAppIdentity])
            let intake = LifecycleWorkflowIntake(validator: EntraJWTValidator(policy: policy, keys: keys), graph: graph, deliveryMode: .selfService)
            let token = try simulator.issueAccessToken(SimulatedAccessToken(audience: "api://\(application.clientID)", appID: logicAppIdentity,
                                                                            expiresAt: Date().addingTimeInterval(6 * 3600), signature: .publishedKey))
            let seeds = [hire.id, noDate.id, "00000000-0000-0000-0000-000000000000"].map { subject in
                Array("""
                {"source":"sample","type":"lifecycleEvent","data":{
                  "subject":{"id":"\(subject)","displayName":"Kathy Jensen","userPrincipalName":"\(hire.userPrincipalName)",
                             "manager":{"id":"m1","displayName":"Manager","email":"manager@contoso.example"}},
                  "task":{"id":"\(taskResult.taskID)","displayName":"Firstkey"},
                  "taskProcessingResult":{"id":"\(taskResult.taskProcessingResultID)","createdDateTime":"2026-11-25T00:00:00Z"},
                  "workflow":{"id":"\(taskResult.workflowID)","displayName":"Pre-hire","workflowVersion":1}}}
                """.utf8)
            } + [Array("""
                {"data":{"subject":{"id":"\(hire.id)"},
                 "callbackUriPath":"/identityGovernance/lifecycleWorkflows/workflows/\(taskResult.workflowID)/tasks/\(taskResult.taskID)/taskProcessingResults/\(taskResult.taskProcessingResultID)/resume"}}
                """.utf8)]
            let value = try await HTTPIntakeFixture.with(lifecycleWorkflows: intake) { fixture in
                try await body(LifecycleWorkflowTarget(fixture: fixture, authorization: "Bearer \(token)", seeds: seeds, hireID: hire.id))
            }
            try? await transport.shutdown()
            try? await simulator.shutdown()
            return value
        } catch {
            try? await simulator.shutdown()
            throw error
        }
    }

    func structured(_ rng: inout SplitMix64) -> [UInt8] {
        if rng.chance(5) { return FuzzValues.value(&rng).bytes }
        func id(_ real: String) -> FuzzJSON { FuzzValues.field([real, FuzzValues.guid(&rng)], &rng) }
        var subject: [(String, FuzzJSON)] = [("id", id(hireID))]
        if rng.chance(50) { subject.append(("displayName", FuzzValues.field(["Kathy Jensen"], &rng))) }
        if rng.chance(50) { subject.append(("userPrincipalName", FuzzValues.field([FuzzValues.email(&rng)], &rng))) }
        if rng.chance(50) { subject.append(("manager", .object([("id", FuzzValues.field(["m1"], &rng)), ("email", FuzzValues.field([FuzzValues.email(&rng)], &rng))]))) }
        var data: [(String, FuzzJSON)] = []
        if rng.chance(92) { data.append(("subject", rng.chance(92) ? .object(FuzzValues.withDuplicates(subject, &rng)) : FuzzValues.value(&rng))) }
        if rng.chance(70) {
            data.append(("task", .object([("id", FuzzValues.field([FuzzValues.guid(&rng)], &rng))])))
            data.append(("taskProcessingResult", .object([("id", FuzzValues.field([FuzzValues.guid(&rng)], &rng))])))
            data.append(("workflow", .object([("id", FuzzValues.field([FuzzValues.guid(&rng)], &rng)), ("workflowVersion", FuzzValues.value(&rng, depth: 0))])))
        } else if rng.chance(70) {
            data.append(("callbackUriPath", FuzzValues.field(["/identityGovernance/lifecycleWorkflows/workflows/w/tasks/t/taskProcessingResults/r/resume", "/x"], &rng)))
        }
        var root: [(String, FuzzJSON)] = [("data", rng.chance(95) ? .object(FuzzValues.withDuplicates(data, &rng)) : FuzzValues.value(&rng))]
        if rng.chance(50) { root.append(("source", FuzzValues.field(["sample"], &rng))) }
        if rng.chance(50) { root.append(("type", FuzzValues.field(["lifecycleEvent"], &rng))) }
        return FuzzJSON.object(FuzzValues.withDuplicates(root, &rng)).bytes
    }

    func generate(_ rng: inout SplitMix64) -> [UInt8] {
        InputMix(seeds: seeds, mutator: ByteMutator(dictionary: HTTPOracle.jsonDictionary), structured: structured).next(&rng)
    }

    func execute(_ input: [UInt8]) async -> FuzzVerdict {
        let result = await fixture.post("/api/v1/lifecycle-workflows/callout", body: input, contentType: "application/json", authorization: authorization)
        return HTTPOracle.judge(result) { status, body in
            guard status.code == 202 else { return "an accepted callout answers 202" }
            guard let id = body["caseId"] as? String, !id.isEmpty else { return "the answer names no case" }
            return nil
        }
    }
}
