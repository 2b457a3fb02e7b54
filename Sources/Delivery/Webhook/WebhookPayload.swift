public import Foundation

/// The JSON body Firstkey POSTs to a webhook (version 1). Keys are stable; new optional keys may
/// be added. `id` is the idempotency key: a receiver that sees an `id` again must not deliver
/// the message again (Firstkey retries with the same `id`).
///
///     {"version":1,"id":"firstkey/…/deliver/0/pickup-code/webhook","kind":"pickup-code",
///      "channel":"webhook","to":"+491701234567","language":"de","tag":"<case id>",
///      "text":"…","subject":null,"html":null,"firstAttemptAt":"2025-03-03T09:00:00Z"}
public struct WebhookPayload: Codable, Sendable, Hashable {
    public var version: Int
    public var id: String
    public var kind: String?
    public var channel: String
    /// E.164 mobile number.
    public var to: String
    public var language: String
    public var tag: String
    public var text: String
    public var subject: String?
    public var html: String?
    public var firstAttemptAt: Date

    public init(_ message: DeliveryMessage) {
        version = 1
        id = message.idempotencyKey.rawValue
        kind = message.kind?.rawValue
        channel = message.channel.rawValue
        to = message.recipient
        language = message.language.code
        tag = message.tag
        text = message.text
        subject = message.subject
        html = message.html
        firstAttemptAt = message.firstAttemptAt
    }

    /// Sorted keys, ISO 8601 dates, nulls written: the exact bytes that are signed.
    public func encoded() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return Array(try encoder.encode(Encoded(self)))
    }

    /// Writes `null` for absent optionals, so receivers see every key.
    private struct Encoded: Encodable {
        let payload: WebhookPayload
        init(_ payload: WebhookPayload) { self.payload = payload }

        enum Keys: String, CodingKey { case version, id, kind, channel, to, language, tag, text, subject, html, firstAttemptAt }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(payload.version, forKey: .version)
            try container.encode(payload.id, forKey: .id)
            try container.encode(payload.kind, forKey: .kind)
            try container.encode(payload.channel, forKey: .channel)
            try container.encode(payload.to, forKey: .to)
            try container.encode(payload.language, forKey: .language)
            try container.encode(payload.tag, forKey: .tag)
            try container.encode(payload.text, forKey: .text)
            try container.encode(payload.subject, forKey: .subject)
            try container.encode(payload.html, forKey: .html)
            try container.encode(payload.firstAttemptAt, forKey: .firstAttemptAt)
        }
    }
}
