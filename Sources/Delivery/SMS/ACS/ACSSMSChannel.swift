public import Foundation
public import Logging

/// SMS through Azure Communication Services (§9): HMAC-signed, with per-recipient repeatability
/// so a retry of the same message is not sent twice, and delivery reports through Event Grid
/// (`EventGridNotification`).
public struct ACSSMSChannel: DeliveryChannel {
    public let configuration: ACSSMSConfiguration
    private let transport: any DeliveryHTTPTransport
    private let logger: Logger
    private let now: @Sendable () -> Date

    public var kind: DeliveryChannelKind { .sms }
    public var provider: DeliveryProvider { .azureCommunicationServices }

    public init(
        configuration: ACSSMSConfiguration, transport: any DeliveryHTTPTransport, logger: Logger = Logger(label: "firstkey.delivery.acs"),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.configuration = configuration
        self.transport = transport
        self.logger = logger
        self.now = now
    }

    public func send(_ message: DeliveryMessage) async throws(DeliveryError) -> DeliveryReceipt {
        let started = ContinuousClock.now
        let result = await attempt(message)
        DeliveryInstrumentation.record(message, provider: provider, started: started, result: result, logger: logger)
        return try result.get()
    }

    private func attempt(_ message: DeliveryMessage) async -> Result<DeliveryReceipt, DeliveryError> {
        do throws(DeliveryError) {
            try SMSMessageCheck.check(message, provider: provider, maximumLength: ACSSendSMSRequest.maximumMessageLength, accepting: [.sms])
            let built = try ACSSendSMSRequest(message: message, configuration: configuration, now: now())
            let response = try await transport.send(built.request, timeout: configuration.requestTimeout)
            return ACSSendSMSResponse.interpret(response, for: message, now: now())
        } catch {
            var error = error
            error.provider = provider
            error.maskedRecipient = message.maskedRecipient
            // With repeatability, a lost answer is safe to retry: ACS answers it from memory.
            return .failure(error)
        }
    }
}
