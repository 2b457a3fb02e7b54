import Delivery
@testable import FirstkeySimulator
import Foundation
import Hummingbird
import HummingbirdTesting
import HummingbirdTLS
import Logging
import Microsoft
import NIOSSL
import Onboarding
import OnboardingEngine
import Server
import Store
import Testing
import TestSupport

/// The whole path of an ACS delivery report, as in production: Firstkey sends the SMS through
/// the simulated ACS (HMAC-signed), the simulated carrier fails it, and the simulated Event Grid
/// — after its validation handshake — posts the report with a Microsoft Entra token to
/// Firstkey's endpoint served over real HTTPS with a certificate it verifies. The case's
/// delivery record turns failed and the case is nudged to its next route.
@Suite struct ACSEventGridLiveTests {
    static let audience = "api://firstkey-events"
    static let sender = "+18005550100"
    static let hire = "+15550100177"

    @Test func aFailedSMSReportTravelsFromEventGridOverHTTPSToTheCase() async throws {
        let logger = {
            var logger = Logger(label: "test.acs-live")
            logger.logLevel = .critical
            return logger
        }()
        let simulator = try await FirstkeySimulator.start(SimulatorConfiguration(httpsPort: nil), logger: logger)
        let subscriber = SimulatedApplication(identifierURIs: [Self.audience])
        simulator.registerApplication(subscriber)
        let connectionString = simulator.registerCommunicationResource(SimulatedCommunicationResource(name: "contoso-sms", phoneNumbers: [Self.sender]))
        simulator.setDeliveryRule(.failed(errorCode: 4006), for: Self.hire)

        let configuration = try EntraConfiguration(tenantID: simulator.tenantID, clientID: subscriber.clientID, credential: .secret(try EntraClientSecret("unused-secret")),
                                                   authorityHost: URL(string: simulator.httpURL)!, graphBaseURL: URL(string: simulator.httpURL + "/v1.0")!)
        let entraTransport = try AsyncHTTPClientTransport(configuration: configuration)
        let keys = EntraSigningKeys(configuration: configuration, transport: entraTransport, logger: logger)
        let store = try await SQLiteCaseStore.open(path: FileManager.default.temporaryDirectory.appendingPathComponent("firstkey-acs-live-\(UUID().uuidString).sqlite").path)
        let engine = OnboardingEngine(store: store, lifecycle: CaseLifecycle(), runner: NoRunner())
        let deliveryTransport = try AsyncHTTPClientDeliveryTransport(connectTimeout: .seconds(2))

        // Firstkey's endpoint over HTTPS, with a certificate from a CA the simulated Event Grid trusts.
        let pki = try TestPublicKeyInfrastructure.generate(hosts: ["127.0.0.1"], now: Date())
        try simulator.trustWebhookCertificateAuthority(pem: pki.certificateAuthorityPEM)
        let router = Router(context: AdminRequestContext.self)
        ACSEventGridEndpoint(validator: EntraJWTValidator(policy: ACSEventGridEndpoint.policy(audience: Self.audience), keys: keys), engine: engine, logger: logger)
            .addRoutes(to: router)
        let app = Application(router: router, server: try .tls(tlsConfiguration: try pki.serverTLSConfiguration()),
                              configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: logger)
        func close() async {
            await store.close()
            try? await deliveryTransport.shutdown()
            try? await entraTransport.shutdown()
            try? await simulator.shutdown()
        }
        do {
            // .live serves the app as built (TLS included) and tells its port; its own plain
            // client is not used.
            try await app.test(.live) { client in
                let listening = try #require(client.port)
                let now = Date()
                let onboarding = OnboardingCase(intakeKey: "employee:L1", identity: HireIdentity(employeeID: "L1"), hireDate: now.addingTimeInterval(7 * 86400),
                                                deliveryMode: .temporaryPassword, recipients: Recipients(mobilePhone: Self.hire), source: "api", createdAt: now)
                let caseID = try await store.createCase(CaseLifecycle().start(onboarding, at: now, actor: "test").updated, audit: []).onboarding.id

                // The subscription: the handshake is answered synchronously by Firstkey, over verified TLS.
                let registered = try await simulator.registerEventGridSubscription(EventGridSubscription(
                    name: "firstkey-reports", endpoint: "https://127.0.0.1:\(listening)\(ACSEventGridEndpoint.path)",
                    entraAuthentication: EventGridEntraAuthentication(applicationIDOrURI: Self.audience, tenantID: simulator.tenantID)))
                #expect(registered.state == .active)

                // The SMS goes out through the simulated ACS, as the deliver step sends it.
                let channel = ACSSMSChannel(configuration: try ACSSMSConfiguration(connectionString: try ACSConnectionString(connectionString), from: Self.sender),
                                            transport: deliveryTransport, logger: logger)
                let code = "code-canary-\(UInt64.random(in: 0..<UInt64.max))"
                TestSecrets.record(code)
                let key = "firstkey/\(caseID.rawValue)/deliver/0/pickup-code/sms"
                let receipt = try await channel.send(DeliveryMessage(channel: .sms, recipient: Self.hire, text: "Contoso: your pickup code is \(code).",
                                                                     idempotencyKey: DeliveryIdempotencyKey(key)!, tag: caseID.rawValue, kind: .pickupCode,
                                                                     firstAttemptAt: now, sensitiveValues: [code]))
                let messageID = try #require(receipt.providerMessageID)
                try await store.saveDelivery(DeliveryRecord(key: key, caseID: caseID, round: 0, kind: "pickup-code", channel: "sms", destination: "hire-mobile-phone",
                                                            maskedRecipient: "+15•••77", status: .accepted, provider: "acs", providerMessageID: messageID,
                                                            firstAttemptAt: now, updatedAt: now))

                // The carrier fails it; Event Grid posts the report; Firstkey records it and nudges the case.
                var record: DeliveryRecord?
                for _ in 0..<100 {
                    record = try await store.deliveries(for: caseID).first
                    if record?.status == .failed { break }
                    try await Task.sleep(for: .milliseconds(50))
                }
                let seen: [String] = simulator.webhookDeliveries().map { delivery in "\(delivery.kind) \(delivery.responseStatus ?? 0) \(delivery.error ?? "")" }
                #expect(record?.status == .failed, "\(seen)")
                #expect(record?.detail?.contains("4006") == true)
                let audit = try await store.auditTrail(of: caseID)
                #expect(audit.filter { $0.event == "delivery.failed" && $0.actor == "provider:acs" }.count == 1)

                // Every attempt of Event Grid carried a token and got a 2xx over verified TLS. The
                // simulator records an attempt once it has the answer, which may come after the store
                // was updated: wait for both records.
                var attempts: [WebhookDelivery] = []
                for _ in 0..<100 {
                    attempts = simulator.webhookDeliveries().filter { $0.url.contains(ACSEventGridEndpoint.path) }
                    if attempts.count >= 2 { break }
                    try await Task.sleep(for: .milliseconds(50))
                }
                #expect(attempts.count >= 2)  // the handshake and the report
                #expect(attempts.allSatisfy { ($0.responseStatus ?? 0) / 100 == 2 && $0.error == nil })
            }
        } catch {
            await close()
            throw error
        }
        await close()
    }
}
