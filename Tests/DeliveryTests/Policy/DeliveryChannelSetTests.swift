import Testing
@testable import Delivery

@Suite struct DeliveryChannelSetTests {
    struct Recording: DeliveryChannel {
        let kind: DeliveryChannelKind
        let provider: DeliveryProvider

        func send(_ message: DeliveryMessage) async throws(DeliveryError) -> DeliveryReceipt {
            DeliveryReceipt(status: .accepted, provider: provider, channel: kind, providerMessageID: provider.name, at: Samples.epoch)
        }
    }

    @Test func routesByKind() async throws {
        let set = DeliveryChannelSet([
            Recording(kind: .sms, provider: .twilio), Recording(kind: .email, provider: .smtp), Recording(kind: .sms, provider: .azureCommunicationServices),
        ])
        #expect(set.kinds == [.sms, .email])
        #expect(try await set.send(Samples.message()).providerMessageID == "twilio")
        #expect(try await set.send(Samples.message(channel: .email, recipient: "k@example.org")).providerMessageID == "smtp")
        let error = try await #require(throws: DeliveryError.self) { try await set.send(Samples.message(channel: .webhook)) }
        #expect(error.code == .invalidConfiguration && !error.isTransient)
    }
}
