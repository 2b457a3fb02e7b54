public import Foundation
public import Logging

/// Hands SMS-like messages to any HTTP receiver (an SMS gateway, a chat relay) as signed JSON
/// (`WebhookPayload`, `WebhookSignature`). Any 2xx is acceptance; a JSON answer with `id` or
/// `messageId` becomes the provider message ID. 408, 425, 429 and 5xx are transient; other 4xx
/// are permanent.
public struct WebhookChannel: DeliveryChannel {
    public let configuration: WebhookConfiguration
    private let transport: any DeliveryHTTPTransport
    private let logger: Logger
    private let now: @Sendable () -> Date

    public var kind: DeliveryChannelKind { .webhook }
    public var provider: DeliveryProvider { .webhook }

    public init(
        configuration: WebhookConfiguration, transport: any DeliveryHTTPTransport, logger: Logger = Logger(label: "firstkey.delivery.webhook"),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.configuration = configuration
        self.transport = transport
        self.logger = logger
        self.now = now
    }

    /// The signed request for `message` at `now`. Pure.
    public static func request(for message: DeliveryMessage, configuration: WebhookConfiguration, now: Date) throws(DeliveryError) -> DeliveryHTTPRequest {
        let body: [UInt8]
        do {
            body = try WebhookPayload(message).encoded()
        } catch {
            throw DeliveryError(.invalidMessage, provider: .webhook, detail: "the payload could not be encoded")
        }
        let timestamp = Int64(now.timeIntervalSince1970.rounded(.down))
        return DeliveryHTTPRequest(
            method: "POST", url: configuration.url,
            headers: [
                DeliveryHTTPHeader("Content-Type", "application/json"),
                DeliveryHTTPHeader(WebhookSignature.timestampHeader, String(timestamp)),
                DeliveryHTTPHeader(WebhookSignature.signatureHeader, WebhookSignature.sign(body: body, timestamp: timestamp, secret: configuration.secret)),
                DeliveryHTTPHeader("X-Firstkey-Idempotency-Key", message.idempotencyKey.rawValue),
                DeliveryHTTPHeader("User-Agent", "firstkey"),
            ],
            body: body)
    }

    public func send(_ message: DeliveryMessage) async throws(DeliveryError) -> DeliveryReceipt {
        let started = ContinuousClock.now
        let result: Result<DeliveryReceipt, DeliveryError>
        do throws(DeliveryError) {
            try SMSMessageCheck.check(message, provider: provider, maximumLength: 10_000, accepting: [.webhook])
            let request = try Self.request(for: message, configuration: configuration, now: now())
            let response = try await transport.send(request, timeout: configuration.requestTimeout)
            result = Self.interpret(response, for: message, now: now())
        } catch {
            var error = error
            error.provider = provider
            error.maskedRecipient = message.maskedRecipient
            result = .failure(error)
        }
        DeliveryInstrumentation.record(message, provider: provider, started: started, result: result, logger: logger)
        return try result.get()
    }

    static func interpret(_ response: DeliveryHTTPResponse, for message: DeliveryMessage, now: Date) -> Result<DeliveryReceipt, DeliveryError> {
        if (200...299).contains(response.status) {
            let object = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any]
            let id = (object?["id"] ?? object?["messageId"]).flatMap { $0 as? String }
            return .success(DeliveryReceipt(
                status: .accepted, provider: .webhook, channel: message.channel, providerMessageID: id, idempotencyKey: message.idempotencyKey, at: now))
        }
        let code: DeliveryError.Code
        switch response.status {
        case 401: code = .unauthorized
        case 403: code = .forbidden
        case 408, 425, 429: code = .throttled
        case 500...599: code = .providerUnavailable
        default: code = .rejected
        }
        let text = String(decoding: response.body.prefix(300), as: UTF8.self)
        return .failure(DeliveryError(
            code, provider: .webhook, mayHaveBeenSent: response.status >= 500, httpStatus: response.status,
            providerMessage: DeliveryError.scrub(text, removing: message.redactions), retryAfter: response.retryAfter(now: now),
            maskedRecipient: message.maskedRecipient))
    }
}
