public import Foundation

/// One message on one route, as far as Firstkey knows: written before it is handed to the
/// provider (`sending`), then with the provider's answer (`accepted`, or `failed`), then with the
/// provider's delivery report (`delivered` or `failed`). A retry of the deliver step finds what
/// was already accepted and does not send it again; a status report finds its case by the
/// provider's message ID. Carries no message text, link or code; the recipient is masked.
public struct DeliveryRecord: Hashable, Sendable, Codable {
    public enum Status: String, Hashable, Sendable, Codable {
        /// About to be handed to the provider (a crash here may or may not have sent it).
        case sending
        /// The provider took it; no delivery report yet.
        case accepted
        /// The provider reported it delivered.
        case delivered
        /// Refused or not delivered: the next route takes over.
        case failed
    }

    /// The message's idempotency key, `firstkey/<case>/deliver/<round>/<kind>/<channel>`.
    public var key: String
    public var caseID: CaseID
    /// The delivery round (the case's re-send count when it was sent).
    public var round: Int
    /// pickup-link, pickup-code, portal-invitation or manager-notice.
    public var kind: String
    /// sms, webhook or email.
    public var channel: String
    /// The route's destination (hire-mobile-phone, hire-private-email, manager-email).
    public var destination: String
    /// The recipient as shown to people: `+49••••••••67`, `k•••@example.org`.
    public var maskedRecipient: String
    public var status: Status
    public var provider: String?
    public var providerMessageID: String?
    /// Why it failed, in the provider's (redacted) words; or the report's detail.
    public var detail: String?
    public var firstAttemptAt: Date
    public var updatedAt: Date

    public init(key: String, caseID: CaseID, round: Int, kind: String, channel: String, destination: String, maskedRecipient: String,
                status: Status, provider: String? = nil, providerMessageID: String? = nil, detail: String? = nil, firstAttemptAt: Date, updatedAt: Date) {
        self.key = key
        self.caseID = caseID
        self.round = round
        self.kind = kind
        self.channel = channel
        self.destination = destination
        self.maskedRecipient = maskedRecipient
        self.status = status
        self.provider = provider
        self.providerMessageID = providerMessageID
        self.detail = detail
        self.firstAttemptAt = firstAttemptAt
        self.updatedAt = updatedAt
    }
}
