public import Foundation

/// One outgoing message, rendered and addressed, ready for a `DeliveryChannel`.
///
/// It may hold a pickup link or code, so it never prints its text: `description`, `dump` and
/// string interpolation show only the kind, channel, masked recipient and tag.
public struct DeliveryMessage: Sendable, Hashable {
    public var channel: DeliveryChannelKind
    /// E.164 mobile number (`+491701234567`) for SMS and webhook, an e-mail address for e-mail.
    public var recipient: String
    /// E-mail subject; ignored by SMS.
    public var subject: String?
    /// The plain-text body (the whole SMS, or the e-mail's text part).
    public var text: String
    /// The e-mail's HTML part; SMS and webhooks ignore or pass it on.
    public var html: String?
    public var language: DeliveryLanguage
    public var idempotencyKey: DeliveryIdempotencyKey
    /// Correlates provider reports with the case (ACS `tag`, webhook `tag`); usually the case ID.
    /// Not secret: it appears in logs and provider portals.
    public var tag: String
    public var kind: DeliveryMessageKind?
    /// When the first attempt at this message began. Keep it for every retry of the same
    /// message: ACS deduplicates a repeated request only within 5 minutes of it.
    public var firstAttemptAt: Date
    /// Values that must never appear in an error or a log (the pickup code and link). Provider
    /// error texts that echo one are redacted.
    public var sensitiveValues: [String]

    public init(
        channel: DeliveryChannelKind, recipient: String, subject: String? = nil, text: String, html: String? = nil,
        language: DeliveryLanguage = .english, idempotencyKey: DeliveryIdempotencyKey, tag: String,
        kind: DeliveryMessageKind? = nil, firstAttemptAt: Date, sensitiveValues: [String] = []
    ) {
        self.channel = channel
        self.recipient = recipient
        self.subject = subject
        self.text = text
        self.html = html
        self.language = language
        self.idempotencyKey = idempotencyKey
        self.tag = tag
        self.kind = kind
        self.firstAttemptAt = firstAttemptAt
        self.sensitiveValues = sensitiveValues
    }

    /// The recipient with most of it hidden, for logs and errors: `+49•••••••67`, `k•••@example.org`.
    public var maskedRecipient: String { RecipientMask.mask(recipient) }

    /// Everything an error text must not repeat: the sensitive values and the bodies.
    var redactions: [String] {
        sensitiveValues + [text] + (html.map { [$0] } ?? [])
    }
}

extension DeliveryMessage: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String {
        "\(kind.map { "\($0) " } ?? "")\(channel) message to \(maskedRecipient) [tag \(tag)]"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(self, children: ["channel": channel, "recipient": maskedRecipient, "kind": kind as Any, "tag": tag], displayStyle: .struct)
    }
}
