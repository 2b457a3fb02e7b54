public import Foundation
public import Logging

/// SMS through Twilio's Messages API (§10), form-encoded with HTTP Basic auth (Auth Token or API
/// key), with an optional status callback (`TwilioStatusCallback`, `TwilioRequestValidator`).
/// Twilio has no idempotency for outbound messages: after a lost answer (`mayHaveBeenSent`) a
/// retry may send the SMS twice.
public struct TwilioSMSChannel: DeliveryChannel {
    public let configuration: TwilioConfiguration
    private let transport: any DeliveryHTTPTransport
    private let logger: Logger
    private let now: @Sendable () -> Date

    public var kind: DeliveryChannelKind { .sms }
    public var provider: DeliveryProvider { .twilio }

    public init(
        configuration: TwilioConfiguration, transport: any DeliveryHTTPTransport, logger: Logger = Logger(label: "firstkey.delivery.twilio"),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.configuration = configuration
        self.transport = transport
        self.logger = logger
        self.now = now
    }

    public func send(_ message: DeliveryMessage) async throws(DeliveryError) -> DeliveryReceipt {
        let started = ContinuousClock.now
        let result: Result<DeliveryReceipt, DeliveryError>
        do throws(DeliveryError) {
            try SMSMessageCheck.check(message, provider: provider, maximumLength: TwilioMessageRequest.maximumBodyLength, accepting: [.sms])
            let built = try TwilioMessageRequest(message: message, configuration: configuration)
            let response = try await transport.send(built.request, timeout: configuration.requestTimeout)
            result = TwilioMessageResponse.interpret(response, for: message, now: now())
        } catch {
            var error = error
            error.provider = provider
            error.maskedRecipient = message.maskedRecipient
            result = .failure(error)
        }
        DeliveryInstrumentation.record(message, provider: provider, started: started, result: result, logger: logger)
        return try result.get()
    }
}
