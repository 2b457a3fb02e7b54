import FirstkeySimulator
import Foundation
import HTTPTypes
import Testing

/// Temporary Access Pass: create/list/get/delete, one pass per user, the pass shown once,
/// usability from start/lifetime/use, and the method policy.
@Suite("Graph: Temporary Access Pass")
struct TemporaryAccessPassTests {
    static let path = "/v1.0/users/\(SimulatorFixture.kathy.id)/authentication/temporaryAccessPassMethods"

    @Test("create returns 201 with the pass once; later reads return null; the simulator keeps the secret for tests")
    func createShowsPassOnce() async throws {
        try await SimulatorFixture.with { fixture in
            let token = try await fixture.graphToken()
            let created = try await fixture.graph(.post, Self.path, token: token, json: ["lifetimeInMinutes": 60, "isUsableOnce": false])
            #expect(created.status == .created, "\(created.body)")
            let body = try #require(created.json)
            #expect(body["@odata.type"] == "#microsoft.graph.temporaryAccessPassAuthenticationMethod")
            let secret = try #require(body["temporaryAccessPass"]?.stringValue)
            #expect(secret.count == 8)
            #expect(body["lifetimeInMinutes"] == 60)
            #expect(body["isUsableOnce"] == false)
            #expect(body["isUsable"] == true)
            #expect(body["methodUsabilityReason"] == "EnabledByPolicy")
            let id = try #require(body["id"]?.stringValue)

            let list = try await fixture.graph(.get, Self.path, token: token)
            #expect(list.json?["value"]?.arrayValue?.count == 1)
            #expect(list.json?["value"]?.arrayValue?.first?["temporaryAccessPass"] == .null)
            let one = try await fixture.graph(.get, "\(Self.path)/\(id)", token: token)
            #expect(one.json?["temporaryAccessPass"] == .null)
            #expect(one.json?["id"]?.stringValue == id)
            #expect(!list.body.contains(secret) && !one.body.contains(secret))

            #expect(fixture.simulator.temporaryAccessPasses(ofUser: SimulatorFixture.kathy.id).map(\.temporaryAccessPass) == [secret])

            let methods = try await fixture.graph(.get, "/v1.0/users/\(SimulatorFixture.kathy.id)/authentication/methods", token: token)
            #expect(methods.json?["value"]?.arrayValue?.contains { $0["@odata.type"] == "#microsoft.graph.temporaryAccessPassAuthenticationMethod" } == true)
        }
    }

    @Test("creating again replaces the pass (one per user); delete is 204 and then 404")
    func replaceAndDelete() async throws {
        try await SimulatorFixture.with { fixture in
            let token = try await fixture.graphToken()
            let first = try await fixture.graph(.post, Self.path, token: token, json: [:])
            let second = try await fixture.graph(.post, Self.path, token: token, json: [:])
            #expect(first.status == .created && second.status == .created)
            let firstID = try #require(first.json?["id"]?.stringValue)
            let secondID = try #require(second.json?["id"]?.stringValue)
            #expect(firstID != secondID)
            let list = try await fixture.graph(.get, Self.path, token: token)
            #expect(list.json?["value"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == [secondID])
            #expect(try await fixture.graph(.get, "\(Self.path)/\(firstID)", token: token).status == .notFound)

            #expect(try await fixture.graph(.delete, "\(Self.path)/\(secondID)", token: token).status == .noContent)
            #expect(try await fixture.graph(.delete, "\(Self.path)/\(secondID)", token: token).status == .notFound)
            #expect(try await fixture.graph(.get, Self.path, token: token).json?["value"] == [])
        }
    }

    @Test("usability: NotYetValid before startDateTime, Expired after the lifetime, OneTimeUsed after use")
    func usability() async throws {
        try await SimulatorFixture.with { fixture in
            let token = try await fixture.graphToken()
            let start = Date().addingTimeInterval(2 * 86400)
            let startText = ISO8601DateFormatter().string(from: start)
            let future = try await fixture.graph(.post, Self.path, token: token, json: ["startDateTime": .string(startText), "lifetimeInMinutes": 60])
            #expect(future.json?["isUsable"] == false)
            #expect(future.json?["methodUsabilityReason"] == "NotYetValid")
            #expect(future.json?["startDateTime"]?.stringValue == startText)
            fixture.simulator.advanceClock(by: 2 * 86400 + 60)
            var list = try await fixture.graph(.get, Self.path, token: try await fixture.graphToken())
            #expect(list.json?["value"]?.arrayValue?.first?["methodUsabilityReason"] == "EnabledByPolicy")
            fixture.simulator.advanceClock(by: 3600)
            list = try await fixture.graph(.get, Self.path, token: try await fixture.graphToken())
            #expect(list.json?["value"]?.arrayValue?.first?["methodUsabilityReason"] == "Expired")
            #expect(list.json?["value"]?.arrayValue?.first?["isUsable"] == false)

            let token2 = try await fixture.graphToken()
            _ = try await fixture.graph(.post, Self.path, token: token2, json: ["isUsableOnce": true])
            fixture.simulator.markTemporaryAccessPassUsed(ofUser: "kjensen@contoso.com")
            list = try await fixture.graph(.get, Self.path, token: token2)
            #expect(list.json?["value"]?.arrayValue?.first?["methodUsabilityReason"] == "OneTimeUsed")
        }
    }

    @Test("policy: lifetime bounds, forced one-time use, disabled method, default length; the policy endpoint")
    func policy() async throws {
        try await SimulatorFixture.with { fixture in
            let token = try await fixture.graphToken()
            var result = try await fixture.graph(.post, Self.path, token: token, json: ["lifetimeInMinutes": 10])
            #expect(result.status == .badRequest, "below the policy minimum of 60")
            result = try await fixture.graph(.post, Self.path, token: token, json: ["lifetimeInMinutes": 481])
            #expect(result.status == .badRequest)
            result = try await fixture.graph(.post, Self.path, token: token, json: ["lifetimeInMinutes": "sixty"])
            #expect(result.status == .badRequest)
            result = try await fixture.graph(.post, Self.path, token: token, json: ["temporaryAccessPass": "chosen!"])
            #expect(result.status == .badRequest)

            fixture.simulator.setTemporaryAccessPassPolicy(TemporaryAccessPassPolicy(defaultLifetimeInMinutes: 120, minimumLifetimeInMinutes: 10,
                                                                                     maximumLifetimeInMinutes: 43200, defaultLength: 12, isUsableOnce: true))
            result = try await fixture.graph(.post, Self.path, token: token, json: ["isUsableOnce": false])
            #expect(result.status == .badRequest)
            result = try await fixture.graph(.post, Self.path, token: token, json: [:])
            #expect(result.json?["isUsableOnce"] == true)
            #expect(result.json?["lifetimeInMinutes"] == 120)
            #expect(result.json?["temporaryAccessPass"]?.stringValue?.count == 12)
            result = try await fixture.graph(.post, Self.path, token: token, json: ["lifetimeInMinutes": 43200])
            #expect(result.status == .created)

            let policy = try await fixture.graph(.get, "/v1.0/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/temporaryAccessPass", token: token)
            #expect(policy.status == .ok)
            #expect(policy.json?["state"] == "enabled")
            #expect(policy.json?["isUsableOnce"] == true)
            #expect(policy.json?["defaultLength"] == 12)
            #expect(policy.json?["maximumLifetimeInMinutes"] == 43200)

            fixture.simulator.setTemporaryAccessPassPolicy(TemporaryAccessPassPolicy(enabled: false))
            result = try await fixture.graph(.post, Self.path, token: token, json: [:])
            #expect(result.status == .badRequest)
            #expect(result.json?["error"]?["code"] != nil)
        }
    }

    @Test("permissions: reading needs …Read.All or …ReadWrite.All, creating needs …ReadWrite.All; unknown user is 404")
    func permissions() async throws {
        try await SimulatorFixture.with(roles: ["UserAuthenticationMethod.Read.All"]) { fixture in
            let token = try await fixture.graphToken()
            #expect(try await fixture.graph(.get, Self.path, token: token).status == .ok)
            let denied = try await fixture.graph(.post, Self.path, token: token, json: [:])
            #expect(denied.status == .forbidden)
            #expect(denied.json?["error"]?["code"] == "Authorization_RequestDenied")
            let missing = try await fixture.graph(.get, "/v1.0/users/nobody@contoso.com/authentication/temporaryAccessPassMethods", token: token)
            #expect(missing.status == .notFound)
        }
    }

    @Test("authentication methods and phone methods list what the user registered")
    func methods() async throws {
        try await SimulatorFixture.with { fixture in
            fixture.simulator.addAuthenticationMethod(.password(), toUser: SimulatorFixture.kathy.id)
            fixture.simulator.addAuthenticationMethod(.phone("+1 5555551234"), toUser: SimulatorFixture.kathy.id)
            fixture.simulator.addAuthenticationMethod(.fido2(displayName: "YubiKey"), toUser: "kjensen@contoso.com")
            let token = try await fixture.graphToken()
            let methods = try await fixture.graph(.get, "/v1.0/users/kjensen@contoso.com/authentication/methods", token: token)
            let types = methods.json?["value"]?.arrayValue?.compactMap { $0["@odata.type"]?.stringValue } ?? []
            #expect(types == ["#microsoft.graph.passwordAuthenticationMethod", "#microsoft.graph.phoneAuthenticationMethod", "#microsoft.graph.fido2AuthenticationMethod"])
            #expect(methods.json?["value"]?.arrayValue?[0]["id"] == "28c10230-6103-485e-b985-444c60001490")
            let phones = try await fixture.graph(.get, "/v1.0/users/kjensen@contoso.com/authentication/phoneMethods", token: token)
            #expect(phones.json?["value"] == [["id": "3179e48a-750b-4051-897c-87b9720928f7", "phoneNumber": "+1 5555551234", "phoneType": "mobile",
                                               "smsSignInState": "notEnabled"]])
        }
    }
}
