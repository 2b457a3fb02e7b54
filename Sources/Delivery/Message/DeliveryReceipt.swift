public import Foundation

/// What became of a message, as far as a provider said. `send` returns `accepted` (or `failed`
/// when the provider took the request but refused the message at once); later status reports
/// (ACS Event Grid, Twilio callbacks) say `delivered` or `failed`.
public struct DeliveryReceipt: Sendable, Hashable, CustomStringConvertible {
    public enum Status: Sendable, Hashable, CustomStringConvertible {
        /// The provider took the message; delivery is not confirmed (yet).
        case accepted
        /// The provider confirmed delivery to the handset or mailbox.
        case delivered
        /// The provider gave up. The reason is the provider's explanation, never the message.
        case failed(reason: String)

        public var description: String {
            switch self {
            case .accepted: "accepted"
            case .delivered: "delivered"
            case .failed(let reason): "failed (\(reason))"
            }
        }

        public var isFinal: Bool {
            if case .accepted = self { return false }
            return true
        }
    }

    public var status: Status
    public var provider: DeliveryProvider
    public var channel: DeliveryChannelKind
    /// The provider's ID for the message (ACS `Outgoing_…`, Twilio `SM…`, the SMTP server's queue
    /// reply, the webhook receiver's `id`); what status reports refer to. Store it with the case.
    public var providerMessageID: String?
    public var idempotencyKey: DeliveryIdempotencyKey?
    public var at: Date

    public init(
        status: Status, provider: DeliveryProvider, channel: DeliveryChannelKind, providerMessageID: String? = nil,
        idempotencyKey: DeliveryIdempotencyKey? = nil, at: Date
    ) {
        self.status = status
        self.provider = provider
        self.channel = channel
        self.providerMessageID = providerMessageID
        self.idempotencyKey = idempotencyKey
        self.at = at
    }

    public var description: String {
        "\(channel) message \(status) by \(provider)\(providerMessageID.map { " as \($0)" } ?? "")"
    }
}
