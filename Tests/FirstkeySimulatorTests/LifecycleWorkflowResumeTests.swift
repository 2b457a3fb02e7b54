import FirstkeySimulator
import Foundation
import HTTPTypes
import Testing

/// Lifecycle Workflows `resume`: both URL forms, body rules, authorization, recorded calls.
@Suite("Graph: Lifecycle Workflows resume")
struct LifecycleWorkflowResumeTests {
    static func path(_ result: SimulatedTaskProcessingResult, action: String = "microsoft.graph.identityGovernance.resume", version: String = "v1.0") -> String {
        "/\(version)/identityGovernance/lifecycleWorkflows/workflows/\(result.workflowID)/tasks/\(result.taskID)/taskProcessingResults/\(result.taskProcessingResultID)/\(action)"
    }

    static let completed: JSONValue = ["data": ["operationStatus": "Completed"], "source": "sample", "type": "lifecycleEvent"]

    @Test("an app in authorizedApps resumes without permission, at both URL forms; calls are recorded; a second resume fails")
    func authorizedApp() async throws {
        try await SimulatorFixture.with(roles: []) { fixture in
            let first = SimulatedTaskProcessingResult(authorizedApps: [SimulatorFixture.clientID])
            let second = SimulatedTaskProcessingResult(authorizedApps: [SimulatorFixture.clientID])
            fixture.simulator.registerTaskProcessingResult(first)
            fixture.simulator.registerTaskProcessingResult(second)
            let token = try await fixture.graphToken()
            #expect(try await fixture.graph(.post, Self.path(first), token: token, json: Self.completed).status == .noContent)
            let failed: JSONValue = ["data": ["operationStatus": "Failed"], "source": "firstkey", "type": "lifecycleEvent"]
            #expect(try await fixture.graph(.post, Self.path(second, action: "resume", version: "beta"), token: token, json: failed).status == .noContent)
            let calls = fixture.simulator.resumeCalls()
            #expect(calls.map(\.operationStatus) == ["Completed", "Failed"])
            #expect(calls.map(\.actionSegment) == ["microsoft.graph.identityGovernance.resume", "resume"])
            #expect(calls.first?.taskProcessingResultID == first.taskProcessingResultID)
            #expect(calls.first?.callerAppID == SimulatorFixture.clientID)
            #expect(calls.last?.source == "firstkey")
            #expect(try await fixture.graph(.post, Self.path(first), token: token, json: Self.completed).status == .badRequest)
        }
    }

    @Test("operationStatus must be Completed or Failed; unknown results are 404; others need the permission")
    func rules() async throws {
        try await SimulatorFixture.with(roles: ["LifecycleWorkflows.ReadWrite.All"]) { fixture in
            let result = SimulatedTaskProcessingResult()
            fixture.simulator.registerTaskProcessingResult(result)
            let token = try await fixture.graphToken()
            for body: JSONValue in [["data": ["operationStatus": "Done"]], ["source": "x"], ["data": "Completed"]] {
                #expect(try await fixture.graph(.post, Self.path(result), token: token, json: body).status == .badRequest)
            }
            #expect(try await fixture.graph(.post, Self.path(SimulatedTaskProcessingResult()), token: token, json: Self.completed).status == .notFound)
            #expect(try await fixture.graph(.post, Self.path(result), token: token, json: Self.completed).status == .noContent)
            #expect(fixture.simulator.resumeCalls().count == 1)
        }
        try await SimulatorFixture.with(roles: ["User.Read.All"]) { fixture in
            let result = SimulatedTaskProcessingResult(authorizedApps: ["another-app"])
            fixture.simulator.registerTaskProcessingResult(result)
            let denied = try await fixture.graph(.post, Self.path(result), token: try await fixture.graphToken(), json: Self.completed)
            #expect(denied.status == .forbidden)
            #expect(denied.json?["error"]?["code"] == "Authorization_RequestDenied")
            #expect(fixture.simulator.resumeCalls().isEmpty)
        }
    }
}
