import Foundation

/// What Twilio keeps about a message beyond the outbox entry: the parts of the Message resource
/// (`GET …/Messages/{sid}.json`) that change as it travels.
struct TwilioMessageRecord: Sendable {
    var accountSID: String
    var messagingServiceSID: String?
    /// Through a Messaging Service without `From`, the sender is picked later: the create answer
    /// shows `from: null` and `status: accepted`.
    var senderChosenLater: Bool
    var numSegments: Int
    var dateCreated: Date
    var dateUpdated: Date
    var dateSent: Date?

    /// The Message resource in Twilio's JSON (keys in Twilio's alphabetical order).
    func json(_ message: SentSMS, asCreated: Bool) -> JSONValue {
        let base = "/2010-04-01/Accounts/\(accountSID)/Messages/\(message.messageID)"
        let status = asCreated ? (messagingServiceSID != nil ? "accepted" : "queued") : message.status.rawValue
        return [
            "account_sid": .string(accountSID),
            "api_version": "2010-04-01",
            "body": .string(message.body),
            "date_created": .string(InternetDate.rfc2822(dateCreated)),
            "date_sent": asCreated ? .null : (dateSent.map { .string(InternetDate.rfc2822($0)) } ?? .null),
            "date_updated": .string(InternetDate.rfc2822(asCreated ? dateCreated : dateUpdated)),
            "direction": "outbound-api",
            "error_code": asCreated ? .null : (message.errorCode.map { .integer($0) } ?? .null),
            "error_message": .null,
            "from": asCreated && senderChosenLater ? .null : .string(message.from),
            "messaging_service_sid": .optional(messagingServiceSID),
            "num_media": "0",
            "num_segments": .string(String(numSegments)),
            "price": .null,
            "price_unit": "USD",
            "sid": .string(message.messageID),
            "status": .string(status),
            "subresource_uris": ["media": .string("\(base)/Media.json")],
            "to": .string(message.to),
            "uri": .string("\(base).json"),
        ]
    }
}
