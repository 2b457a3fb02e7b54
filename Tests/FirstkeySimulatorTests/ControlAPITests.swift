import FirstkeySimulator
import Foundation
import HTTPTypes
import Testing

/// `/_sim`: driving the simulator over HTTP as the CLI demo and out-of-process tests do.
@Suite("Control API (/_sim)")
struct ControlAPITests {
    @Test("seed an app and a user, get a token, send mail, read the outbox")
    func seedAndOutbox() async throws {
        try await SimulatorFixture.with { fixture in
            let client = fixture.client
            var result = try await client.get("/_sim/health")
            #expect(result.json?["status"] == "ok")
            #expect(result.json?["tenantId"]?.stringValue == fixture.tenant)

            result = try await client.postJSON("/_sim/seed", [
                "applications": [["clientId": "3a1e0b6c-1d2e-4f30-8a9b-0c1d2e3f4a5b", "secrets": ["demo-secret"], "grantedRoles": ["Mail.Send", "User.Read.All"]]],
                "users": [["id": "7e57e57e-0000-4000-8000-000000000001", "userPrincipalName": "demo@contoso.com", "mail": "demo@contoso.com",
                           "employeeId": "42", "employeeHireDate": "2031-01-15T00:00:00Z", "managerId": .string(SimulatorFixture.manager.id)]],
                "authenticationMethods": ["7e57e57e-0000-4000-8000-000000000001": [["kind": "phone", "phoneNumber": "+1 5555550001"]]],
            ])
            #expect(result.status == .created)
            #expect(fixture.simulator.user(id: "demo@contoso.com")?.employeeHireDate == GraphTestDates.date("2031-01-15T00:00:00Z"))
            #expect(fixture.simulator.authenticationMethods(ofUser: "demo@contoso.com").first?.phoneNumber == "+1 5555550001")

            let token = try await client.postForm(fixture.tokenPath, [
                ("grant_type", "client_credentials"), ("client_id", "3a1e0b6c-1d2e-4f30-8a9b-0c1d2e3f4a5b"), ("client_secret", "demo-secret"),
                ("scope", "https://graph.microsoft.com/.default"),
            ]).json?["access_token"]?.stringValue ?? ""
            let sent = try await fixture.graph(.post, "/v1.0/users/demo@contoso.com/sendMail", token: token, json: SendMailTests.message)
            #expect(sent.status == .accepted)
            result = try await client.get("/_sim/outbox")
            #expect(result.json?["value"]?.arrayValue?.first?["subject"] == "Your first sign-in")
            #expect(result.json?["value"]?.arrayValue?.first?["from"] == "demo@contoso.com")

            result = try await client.get("/_sim/users/demo@contoso.com")
            #expect(result.json?["managerId"]?.stringValue == SimulatorFixture.manager.id)
            #expect(!(try await client.get("/_sim/users")).body.contains("demo-secret"))
        }
    }

    @Test("faults, clock, keys, tokens, task processing results and resume calls over HTTP")
    func controls() async throws {
        try await SimulatorFixture.with(roles: ["User.Read.All"]) { fixture in
            let client = fixture.client
            var result = try await client.send(.put, "/_sim/faults", headers: [.contentType: "application/json"],
                                               body: #"{"rules":[{"pathPrefix":"/v1.0/users","kind":"throttle","retryAfter":2.5,"count":1}]}"#)
            #expect(result.status == .ok)
            let token = try await fixture.graphToken()
            result = try await fixture.graph(.get, "/v1.0/users", token: token)
            #expect(result.status == .tooManyRequests)
            #expect(result.header("Retry-After") == "2.5")
            #expect(try await fixture.graph(.get, "/v1.0/users", token: token).status == .ok)
            result = try await client.postJSON("/_sim/faults", ["pathPrefix": "/v1.0/", "kind": "bogus"])
            #expect(result.status == .badRequest)

            result = try await client.postJSON("/_sim/tokens", ["audience": "api://firstkey", "appId": "ce79fdc4-cd1d-4ea5-8139-e74d7dbe0bb7", "version": "2.0", "roles": ["Onboarding.Intake"]])
            let minted = try #require(result.json?["access_token"]?.stringValue)
            let claims = try #require(jwtClaims(minted))
            #expect(claims["azp"] == "ce79fdc4-cd1d-4ea5-8139-e74d7dbe0bb7")
            #expect(claims["iss"]?.stringValue == "https://login.microsoftonline.com/\(fixture.tenant)/v2.0")
            #expect(claims["roles"] == ["Onboarding.Intake"])
            #expect(claims["ver"] == "2.0")

            result = try await client.postJSON("/_sim/keys/rotate", [:])
            #expect(result.status == .created)
            #expect(try await client.get("/_sim/keys").json?["keyIds"]?.arrayValue?.count == 2)

            result = try await client.postJSON("/_sim/task-processing-results", ["authorizedApps": [.string(SimulatorFixture.clientID)], "subjectId": "kjensen@contoso.com"])
            #expect(result.status == .created)
            let callbackPath = try #require(result.json?["callbackUriPath"]?.stringValue)
            #expect(result.json?["calloutBody"]?["data"]?["subject"]?["manager"]?["id"]?.stringValue == SimulatorFixture.manager.id)
            #expect(result.json?["calloutBody"]?["data"]?["callbackUriPath"]?.stringValue == callbackPath)
            let resumed = try await fixture.graph(.post, "/beta" + callbackPath, token: try await fixture.graphToken(),
                                                  json: ["data": ["operationStatus": "Completed"], "source": "sample", "type": "lifecycleEvent"])
            #expect(resumed.status == .noContent)
            #expect(try await client.get("/_sim/resume-calls").json?["value"]?.arrayValue?.first?["operationStatus"] == "Completed")

            result = try await client.postJSON("/_sim/clock", ["advanceSeconds": 4000])
            #expect(result.status == .ok)
            #expect(try await fixture.graph(.get, "/v1.0/users", token: token).status == .unauthorized)
        }
    }

    @Test("TAP secrets and the policy are visible to tests only through /_sim")
    func temporaryAccessPass() async throws {
        try await SimulatorFixture.with { fixture in
            let client = fixture.client
            var result = try await client.send(.put, "/_sim/policies/temporary-access-pass", headers: [.contentType: "application/json"],
                                               body: #"{"state":"enabled","defaultLifetimeInMinutes":30,"minimumLifetimeInMinutes":10,"maximumLifetimeInMinutes":120,"defaultLength":10,"isUsableOnce":true}"#)
            #expect(result.status == .ok)
            result = try await client.send(.put, "/_sim/policies/temporary-access-pass", headers: [.contentType: "application/json"], body: #"{"defaultLength":4}"#)
            #expect(result.status == .badRequest)
            let created = try await fixture.graph(.post, "/v1.0/users/kjensen@contoso.com/authentication/temporaryAccessPassMethods", token: try await fixture.graphToken(), json: [:])
            #expect(created.json?["lifetimeInMinutes"] == 30)
            result = try await client.get("/_sim/users/kjensen@contoso.com/temporary-access-passes")
            #expect(result.json?["value"]?.arrayValue?.first?["temporaryAccessPass"] == created.json?["temporaryAccessPass"])
            #expect(try await client.postJSON("/_sim/users/kjensen@contoso.com/temporary-access-passes/use", [:]).status == .noContent)
            #expect(fixture.simulator.temporaryAccessPasses(ofUser: SimulatorFixture.kathy.id).first?.used == true)
        }
    }
}
