public import Foundation

/// A provider's later word on a message it accepted: an ACS delivery report (Event Grid) or a
/// Twilio status callback. The server matches `providerMessageID` (or `tag`) to the receipt it
/// stored and, on `failed`, asks the plan for the next route (`DeliveryPlan.nextRoute`).
public struct DeliveryStatusReport: Sendable, Hashable, CustomStringConvertible {
    /// The provider's event ID (Event Grid `id`), for deduplication; nil when it has none.
    public var eventID: String?
    public var provider: DeliveryProvider
    public var providerMessageID: String
    public var status: DeliveryReceipt.Status
    /// The provider's own status word (`Delivered`, `undelivered`, `sent`…).
    public var providerStatus: String
    /// The provider's error code, e.g. Twilio `30003`.
    public var providerErrorCode: String?
    /// The tag sent with the message (ACS), usually the case ID.
    public var tag: String?
    /// Recipient as the provider reports it, masked.
    public var maskedRecipient: String?
    public var occurredAt: Date?

    public init(
        eventID: String? = nil, provider: DeliveryProvider, providerMessageID: String, status: DeliveryReceipt.Status,
        providerStatus: String, providerErrorCode: String? = nil, tag: String? = nil, maskedRecipient: String? = nil, occurredAt: Date? = nil
    ) {
        self.eventID = eventID
        self.provider = provider
        self.providerMessageID = providerMessageID
        self.status = status
        self.providerStatus = providerStatus
        self.providerErrorCode = providerErrorCode
        self.tag = tag
        self.maskedRecipient = maskedRecipient
        self.occurredAt = occurredAt
    }

    public var description: String {
        "\(provider) report for \(providerMessageID): \(status)\(tag.map { " [tag \($0)]" } ?? "")"
    }
}
