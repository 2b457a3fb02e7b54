import Logging
import Metrics

/// The metrics and log lines every channel produces for one send, so they look the same for
/// every provider. Logs name the kind, channel, masked recipient, tag and provider message ID;
/// never a body, code, link or credential.
///
/// Metrics: `firstkey_delivery_send_seconds` (Timer) and `firstkey_delivery_messages_total`
/// (Counter), dimensions `channel`, `provider`, `outcome` (`accepted`, `failed`,
/// `transient_error`, `permanent_error`).
enum DeliveryInstrumentation {
    static func record(
        _ message: DeliveryMessage, provider: DeliveryProvider, started: ContinuousClock.Instant,
        result: Result<DeliveryReceipt, DeliveryError>, logger: Logger
    ) {
        let outcome: String
        switch result {
        case .success(let receipt):
            if case .failed = receipt.status { outcome = "failed" } else { outcome = "accepted" }
        case .failure(let error):
            outcome = error.isTransient ? "transient_error" : "permanent_error"
        }
        let dimensions = [("channel", message.channel.rawValue), ("provider", provider.name), ("outcome", outcome)]
        Timer(label: "firstkey_delivery_send_seconds", dimensions: dimensions).recordNanoseconds((ContinuousClock.now - started).nanosecondsClamped)
        Counter(label: "firstkey_delivery_messages_total", dimensions: dimensions).increment()

        var metadata: Logger.Metadata = [
            "delivery.channel": "\(message.channel)", "delivery.provider": "\(provider)",
            "delivery.recipient": "\(message.maskedRecipient)", "delivery.tag": "\(message.tag)",
        ]
        if let kind = message.kind { metadata["delivery.kind"] = "\(kind)" }
        switch result {
        case .success(let receipt):
            if let id = receipt.providerMessageID { metadata["delivery.provider_message_id"] = "\(id)" }
            metadata["delivery.status"] = "\(receipt.status)"
            logger.info("message handed to the provider", metadata: metadata)
        case .failure(let error):
            metadata["delivery.error"] = "\(error)"
            metadata["delivery.transient"] = "\(error.isTransient)"
            logger.warning("message not sent", metadata: metadata)
        }
    }
}
