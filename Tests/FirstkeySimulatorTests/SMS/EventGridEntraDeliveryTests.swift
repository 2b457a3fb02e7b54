@testable import FirstkeySimulator
import Foundation
import Testing

/// Event Grid secure webhook delivery with Microsoft Entra ID: the bearer token's claims, and the
/// subscriptions Event Grid refuses before it calls anybody.
@Suite("Event Grid: Microsoft Entra delivery")
struct EventGridEntraDeliveryTests {
    static func claims(_ token: String) throws -> JSONValue {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        #expect(parts.count == 3)
        let payload = try #require(Base64URL.decode(parts[1]))
        return try #require(JSONValue(parsing: payload))
    }

    @Test("the token is an app-only v1 token of the simulated tenant for the named audience, from Event Grid, with the role")
    func tokenClaims() async throws {
        try await SMSFixture.with { sms in
            let application = SimulatedApplication(identifierURIs: ["api://firstkey-events"])
            sms.simulator.registerApplication(application)
            let v1 = try Self.claims(try EventGridEntraAuthentication(applicationIDOrURI: "api://firstkey-events", tenantID: sms.simulator.tenantID)
                .accessToken(core: sms.simulator.core))
            #expect(v1["iss"]?.stringValue == "https://sts.windows.net/\(sms.simulator.tenantID)/")
            #expect(v1["aud"] == "api://firstkey-events")
            #expect(v1["appid"] == "4962773b-9cdb-44cf-a8bf-237846a00ab7")
            #expect(v1["roles"]?.arrayValue?.compactMap(\.stringValue) == ["AzureEventGridSecureWebhookSubscriber"])
            #expect(v1["tid"]?.stringValue == sms.simulator.tenantID)
            #expect(v1["ver"] == "1.0")
            // v2 (the app asks for v2 tokens): aud is always the client ID, the caller in azp
            let v2 = try Self.claims(try EventGridEntraAuthentication(applicationIDOrURI: "api://firstkey-events", tenantID: sms.simulator.tenantID, tokenVersion: .v2)
                .accessToken(core: sms.simulator.core))
            #expect(v2["aud"]?.stringValue == application.clientID)
            #expect(v2["azp"] == "4962773b-9cdb-44cf-a8bf-237846a00ab7")
            #expect(v2["iss"]?.stringValue?.hasSuffix("/\(sms.simulator.tenantID)/v2.0") == true)
        }
    }

    @Test("Entra delivery needs https, this tenant and an application that exists; nothing is called otherwise")
    func refusals() async throws {
        try await SMSFixture.with { sms in
            sms.simulator.registerApplication(SimulatedApplication(identifierURIs: ["api://firstkey-events"]))
            func code(_ endpoint: String, _ authentication: EventGridEntraAuthentication) async -> EventGridSubscriptionError.Code? {
                do throws(EventGridSubscriptionError) {
                    try await sms.simulator.registerEventGridSubscription(EventGridSubscription(name: "secure", endpoint: endpoint, entraAuthentication: authentication))
                    return nil
                } catch {
                    return error.code
                }
            }
            let good = EventGridEntraAuthentication(applicationIDOrURI: "api://firstkey-events", tenantID: sms.simulator.tenantID)
            #expect(await code("http://127.0.0.1:1/events", good) == .invalidEndpoint)
            #expect(await code("https://127.0.0.1:1/events", EventGridEntraAuthentication(applicationIDOrURI: "api://nobody", tenantID: sms.simulator.tenantID)) == .entraTokenUnavailable)
            #expect(await code("https://127.0.0.1:1/events", EventGridEntraAuthentication(applicationIDOrURI: "api://firstkey-events", tenantID: UUID().uuidString)) == .entraTokenUnavailable)
            #expect(sms.simulator.eventGridSubscriptions().isEmpty)
            #expect(sms.simulator.webhookDeliveries().isEmpty)
            // with everything right, it gets as far as calling the endpoint (nobody listens there)
            #expect(await code("https://127.0.0.1:1/events", good) == .unreachable)
        }
    }

    @Test("the control API takes ARM's property names and shows the Entra settings")
    func controlAPI() async throws {
        let json: JSONValue = ["azureActiveDirectoryApplicationIdOrUri": "api://firstkey-events", "azureActiveDirectoryTenantId": "t1", "tokenVersion": "2.0"]
        let parsed = try #require(try EventGridEntraAuthentication(json: json))
        #expect(parsed.applicationIDOrURI == "api://firstkey-events" && parsed.tenantID == "t1" && parsed.tokenVersion == .v2)
        #expect(parsed.eventGridRoles == ["AzureEventGridSecureWebhookSubscriber"])
        #expect(try EventGridEntraAuthentication(json: ["name": "plain"]) == nil)
        #expect(throws: SimulatorInputError.self) { try EventGridEntraAuthentication(json: ["azureActiveDirectoryTenantId": "t1"]) }
        #expect(EventGridSubscription(name: "s", endpoint: "https://127.0.0.1/", entraAuthentication: parsed).json["entraAuthentication"]?["tokenVersion"] == "2.0")
    }
}
