@testable import FirstkeySimulator
import Foundation
import Testing

/// Event Grid refuses a webhook whose HTTPS certificate is self-signed, even when its name matches.
@Suite("Event Grid: self-signed endpoints")
struct EventGridSelfSignedTests {
    @Test("an https endpoint with a self-signed certificate for its own name fails the handshake with certificateRejected")
    func selfSigned() async throws {
        try await SMSFixture.with { sms in
            let credential = try SimulatedCertificateCredential.generate(commonName: "localhost")
            let selfSigned = TestPublicKeyInfrastructure(certificateAuthorityPEM: credential.certificatePEM, leafCertificatePEM: credential.certificatePEM,
                                                         leafPrivateKeyPEM: credential.privateKeyPEM)
            let listener = try await Listener.start(core: sms.simulator.core, scheme: "https", port: 0, tlsConfiguration: try selfSigned.serverTLSConfiguration())
            do throws(EventGridSubscriptionError) {
                try await sms.simulator.registerEventGridSubscription(EventGridSubscription(name: "self-signed", endpoint: "https://localhost:\(listener.port)/events"))
                Issue.record("a self-signed certificate must be refused")
            } catch {
                #expect(error.code == .certificateRejected)
            }
            #expect(sms.simulator.eventGridSubscriptions().isEmpty)
            #expect(sms.simulator.webhookDeliveries().last?.error?.contains("TLS") == true)
            await listener.shutdown()
        }
    }
}
