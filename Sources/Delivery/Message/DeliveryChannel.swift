/// Carries messages of one kind to one provider. Implementations: `ACSSMSChannel`,
/// `TwilioSMSChannel`, `WebhookChannel`, `GraphMailChannel`, `SMTPMailChannel`.
///
/// `send` makes one attempt and never retries by itself: the engine retries the deliver step
/// (with the same idempotency key) when the error `isTransient`, and asks the plan for the next
/// route when it is permanent.
public protocol DeliveryChannel: Sendable {
    var kind: DeliveryChannelKind { get }
    var provider: DeliveryProvider { get }

    /// Hands `message` to the provider. Returns `accepted` (with the provider's message ID where
    /// there is one) or `failed` when the provider took the request but refused the message.
    func send(_ message: DeliveryMessage) async throws(DeliveryError) -> DeliveryReceipt
}
