import Delivery
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

/// ACS delivery reports through Event Grid with Microsoft Entra authentication: real requests
/// against the router, tokens signed by the simulated tenant and checked against its JWKS, a
/// real SQLite store.
@Suite struct ACSEventGridEndpointTests {
    static let audience = "api://firstkey-events"
    static let messageID = "Outgoing_20261202_acs_0001"

    struct Fixture: Sendable {
        let simulator: FirstkeySimulator
        let store: SQLiteCaseStore
        let caseID: CaseID

        func token(audience: String = ACSEventGridEndpointTests.audience, appID: String = ACSEventGridEndpoint.eventGridApplicationID,
                   roles: [String] = [ACSEventGridEndpoint.subscriberRole], version: SimulatedAccessToken.Version = .v1,
                   expiresAt: Date? = nil, signature: SimulatedAccessToken.Signature = .publishedKey) throws -> String {
            try simulator.issueAccessToken(SimulatedAccessToken(version: version, audience: audience, appID: appID, roles: roles,
                                                                issuedAt: expiresAt.map { $0.addingTimeInterval(-3600) }, expiresAt: expiresAt,
                                                                identityType: nil, signature: signature))
        }
    }

    static func withFixture(_ body: @escaping @Sendable (Fixture, any TestClientProtocol) async throws -> Void) async throws {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let simulator = try await FirstkeySimulator.start(SimulatorConfiguration(httpsPort: nil), logger: logger)
        let application = SimulatedApplication(identifierURIs: [audience])
        simulator.registerApplication(application)
        let configuration = try EntraConfiguration(tenantID: simulator.tenantID, clientID: application.clientID, credential: .secret(try EntraClientSecret("unused-secret")),
                                                   authorityHost: URL(string: simulator.httpURL)!, graphBaseURL: URL(string: simulator.httpURL + "/v1.0")!)
        let transport = try AsyncHTTPClientTransport(configuration: configuration)
        let keys = EntraSigningKeys(configuration: configuration, transport: transport, logger: logger)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("firstkey-acs-\(UUID().uuidString).sqlite").path
        let store = try await SQLiteCaseStore.open(path: path)
        let now = Date()
        let onboarding = OnboardingCase(intakeKey: "employee:A1", identity: HireIdentity(employeeID: "A1"), hireDate: now.addingTimeInterval(7 * 86400),
                                        deliveryMode: .temporaryPassword, recipients: Recipients(mobilePhone: "+15550100123"), source: "api", createdAt: now)
        _ = try await store.createCase(CaseLifecycle().start(onboarding, at: now, actor: "test").updated, audit: [])
        try await store.saveDelivery(DeliveryRecord(key: "firstkey/\(onboarding.id)/deliver/0/pickup-code/sms", caseID: onboarding.id, round: 0, kind: "pickup-code",
                                                    channel: "sms", destination: "hire-mobile-phone", maskedRecipient: "+15•••23", status: .accepted,
                                                    provider: "acs", providerMessageID: messageID, firstAttemptAt: now, updatedAt: now))
        let engine = OnboardingEngine(store: store, lifecycle: CaseLifecycle(), runner: NoRunner())
        let router = Router(context: AdminRequestContext.self)
        ACSEventGridEndpoint(validator: EntraJWTValidator(policy: ACSEventGridEndpoint.policy(audience: audience), keys: keys), engine: engine, logger: logger)
            .addRoutes(to: router)
        let fixture = Fixture(simulator: simulator, store: store, caseID: onboarding.id)
        do {
            try await Application(router: router).test(.router) { client in try await body(fixture, client) }
        } catch {
            await store.close(); try? await transport.shutdown(); try? await simulator.shutdown()
            throw error
        }
        await store.close(); try await transport.shutdown(); try await simulator.shutdown()
    }

    static func post(_ client: any TestClientProtocol, token: String?, eventType: String = "Notification", body: String) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8", HTTPField.Name("aeg-event-type")!: eventType]
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await client.execute(uri: ACSEventGridEndpoint.path, method: .post, headers: headers, body: ByteBuffer(string: body)) { $0 }
    }

    static let validation = """
        [{"id":"2d1781af-3a4c-4d7c-bd0c-e34b19da4e66","topic":"/subscriptions/x","subject":"",
          "data":{"validationCode":"512d38b6-c7b8-40c8-89fe-f46f9e9622b6","validationUrl":"https://rp-eastus2.eventgrid.azure.net:553/eventsubscriptions/estest/validate?id=512d38b6&token=1A1A"},
          "eventType":"Microsoft.EventGrid.SubscriptionValidationEvent","eventTime":"2018-01-25T22:12:19.4556811Z","metadataVersion":"1","dataVersion":"1"}]
        """

    /// PascalCase data keys, as Learn's sample shows them.
    static func report(status: String, messageID: String = ACSEventGridEndpointTests.messageID, eventID: String? = nil) -> String {
        """
        [{"id":"\(eventID ?? messageID)","topic":"/subscriptions/x/resourceGroups/rg/providers/microsoft.communication/communicationservices/contoso",
          "subject":"/phonenumber/18005550100","eventType":"Microsoft.Communication.SMSDeliveryReportReceived","eventTime":"2026-12-02T10:00:00Z",
          "dataVersion":"1.0","metadataVersion":"1",
          "data":{"MessageId":"\(messageID)","From":"18005550100","To":"+15550100123","DeliveryStatus":"\(status)",
                  "DeliveryStatusDetails":"The Destination/To number is not reachable (error code 4006).","ReceivedTimestamp":"2026-12-02T10:00:00.2855749Z"}}]
        """
    }

    @Test func aValidTokenGetsTheHandshakeAnsweredSynchronously() async throws {
        try await Self.withFixture { fixture, client async throws in
            for version in [SimulatedAccessToken.Version.v1, .v2] {
                let response = try await Self.post(client, token: try fixture.token(version: version), eventType: "SubscriptionValidation", body: Self.validation)
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == #"{"validationResponse":"512d38b6-c7b8-40c8-89fe-f46f9e9622b6"}"#)
            }
        }
    }

    @Test func aFailedReportUpdatesTheRecordAndNudgesTheCaseOnce() async throws {
        try await Self.withFixture { fixture, client async throws in
            for _ in 0..<2 {  // Event Grid repeats an event until it gets a 2xx
                #expect(try await Self.post(client, token: try fixture.token(), body: Self.report(status: "Failed")).status == .ok)
            }
            let record = try #require(try await fixture.store.deliveries(for: fixture.caseID).first)
            #expect(record.status == .failed && record.detail?.contains("4006") == true)
            let audit = try await fixture.store.auditTrail(of: fixture.caseID)
            #expect(audit.filter { $0.event == "delivery.failed" && $0.actor == "provider:acs" }.count == 1)
            // a report of a message Firstkey did not send changes nothing and is still answered 200
            #expect(try await Self.post(client, token: try fixture.token(), body: Self.report(status: "Failed", messageID: "Outgoing_unknown")).status == .ok)
            #expect(try await fixture.store.deliveries(for: fixture.caseID).count == 1)
        }
    }

    @Test func aDeliveredReportIsRecorded() async throws {
        try await Self.withFixture { fixture, client async throws in
            #expect(try await Self.post(client, token: try fixture.token(), body: Self.report(status: "Delivered")).status == .ok)
            #expect(try await fixture.store.deliveries(for: fixture.caseID).first?.status == .delivered)
            #expect(try await fixture.store.auditTrail(of: fixture.caseID).contains { $0.event == "delivery.delivered" })
        }
    }

    @Test func anyOtherTokenIsRefusedWith401AndChangesNothing() async throws {
        try await Self.withFixture { fixture, client async throws in
            let tokens: [String?] = [
                nil,
                try fixture.token(signature: .unpublishedKey),
                try fixture.token(signature: .stripped),
                try fixture.token(audience: "api://someone-else"),
                try fixture.token(appID: "6d9f3f5e-1111-4c8e-9a55-0e5b3c2a7c10"),
                try fixture.token(expiresAt: Date().addingTimeInterval(-600)),
                try fixture.token(roles: []),
                try fixture.token(roles: ["SomeOtherRole"]),
                "not-a-jwt",
            ]
            for token in tokens {
                for body in [Self.report(status: "Failed"), Self.validation] {
                    let response = try await Self.post(client, token: token, body: body)
                    #expect(response.status == .unauthorized)
                    #expect(response.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
                    let text = String(buffer: response.body)
                    #expect(text.contains(#""code":"invalid-token""#))
                    #expect(!text.contains("validationResponse"))
                    if let token { #expect(!text.contains(token)) }
                }
            }
            #expect(try await fixture.store.deliveries(for: fixture.caseID).first?.status == .accepted)
            #expect(try await !fixture.store.auditTrail(of: fixture.caseID).contains { $0.event.hasPrefix("delivery.") })
        }
    }

    /// Microsoft documents the token on deliveries, not on the handshake: a well-formed handshake is
    /// answered without one (it only echoes its code); a report dressed up as a handshake is not.
    @Test func theValidationHandshakeIsAnsweredWithoutATokenAndChangesNothing() async throws {
        try await Self.withFixture { fixture, client async throws in
            let response = try await Self.post(client, token: nil, eventType: "SubscriptionValidation", body: Self.validation)
            #expect(response.status == .ok)
            #expect(String(buffer: response.body) == #"{"validationResponse":"512d38b6-c7b8-40c8-89fe-f46f9e9622b6"}"#)

            let disguised = try await Self.post(client, token: nil, eventType: "SubscriptionValidation", body: Self.report(status: "Failed"))
            #expect(disguised.status == .badRequest)
            #expect(String(buffer: disguised.body).contains(#""code":"invalid-handshake""#))
            #expect(try await fixture.store.deliveries(for: fixture.caseID).first?.status == .accepted, "a report without a token changed the delivery")
            #expect(try await !fixture.store.auditTrail(of: fixture.caseID).contains { $0.event.hasPrefix("delivery.") })
        }
    }

    @Test func aMalformedBodyIs400() async throws {
        try await Self.withFixture { fixture, client async throws in
            for body in ["{not json", "42", #"[{"eventType":"Microsoft.EventGrid.SubscriptionValidationEvent","data":{}}]"#] {
                let response = try await Self.post(client, token: try fixture.token(), body: body)
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains(#""code":"invalid-events""#))
            }
            #expect(try await fixture.store.deliveries(for: fixture.caseID).first?.status == .accepted)
        }
    }
}
