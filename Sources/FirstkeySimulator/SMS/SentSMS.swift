public import Foundation

/// A text message one of the simulated SMS providers accepted, as captured in the SMS outbox.
/// `status` follows the message as the simulated carrier reports it (see `SMSDeliveryRule`).
public struct SentSMS: Sendable, Hashable {
    public enum Provider: String, Sendable, Hashable {
        /// Azure Communication Services (`POST /sms`).
        case azureCommunicationServices = "acs"
        /// Twilio (`POST /2010-04-01/Accounts/{AccountSid}/Messages.json`).
        case twilio
    }

    /// Where the message is in its (simulated) life, in Twilio's words; ACS messages go from
    /// `queued` straight to `delivered` or `failed` (or stay `sent` under a silent rule).
    public enum Status: String, Sendable, Hashable {
        case accepted, queued, sent, delivered, undelivered, failed
    }

    public var provider: Provider
    /// The ACS resource name or the Twilio AccountSid that sent it.
    public var account: String
    public var from: String
    public var to: String
    public var body: String
    /// ACS `messageId` (`Outgoing_…`) or Twilio `sid` (`SM…`).
    public var messageID: String
    /// ACS `smsSendOptions.tag`; nil for Twilio.
    public var tag: String?
    public var sentAt: Date
    public var status: Status
    /// The carrier error of an `undelivered`/`failed` message (Twilio `ErrorCode`).
    public var errorCode: Int?
    /// ACS `smsSendOptions.enableDeliveryReport`; false for Twilio.
    public var deliveryReportRequested: Bool
    /// Twilio `StatusCallback` (or the Messaging Service's); nil for ACS.
    public var statusCallback: String?

    public init(provider: Provider, account: String, from: String, to: String, body: String, messageID: String, tag: String? = nil, sentAt: Date,
                status: Status = .queued, errorCode: Int? = nil, deliveryReportRequested: Bool = false, statusCallback: String? = nil)
    {
        self.provider = provider
        self.account = account
        self.from = from
        self.to = to
        self.body = body
        self.messageID = messageID
        self.tag = tag
        self.sentAt = sentAt
        self.status = status
        self.errorCode = errorCode
        self.deliveryReportRequested = deliveryReportRequested
        self.statusCallback = statusCallback
    }

    /// How `/_sim/sms/outbox` shows it (the body included: `/_sim` is a test surface).
    public var json: JSONValue {
        [
            "provider": .string(provider.rawValue),
            "account": .string(account),
            "from": .string(from),
            "to": .string(to),
            "body": .string(body),
            "messageId": .string(messageID),
            "tag": .optional(tag),
            "sentAt": .string(GraphDate.format(sentAt, fractional: true)),
            "status": .string(status.rawValue),
            "errorCode": errorCode.map { .integer($0) } ?? .null,
            "deliveryReportRequested": .bool(deliveryReportRequested),
            "statusCallback": .optional(statusCallback),
        ]
    }
}
