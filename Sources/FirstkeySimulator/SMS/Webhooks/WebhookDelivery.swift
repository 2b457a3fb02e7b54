public import Foundation

/// One outbound request the simulated services made to a test's webhook: an Event Grid
/// validation or notification, or a Twilio status callback. Recorded for every attempt.
public struct WebhookDelivery: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case eventGridValidation, eventGridNotification, twilioStatusCallback
    }

    public var kind: Kind
    public var url: String
    /// The ACS message ID or Twilio SID it reports on; nil for a validation.
    public var messageID: String?
    /// `Delivered`/`Failed` (Event Grid) or `MessageStatus` (Twilio).
    public var reportedStatus: String?
    /// 0 for the first attempt (Event Grid's `aeg-delivery-count`).
    public var attempt: Int
    /// The endpoint's answer; nil when there was none (`error` says why).
    public var responseStatus: Int?
    public var error: String?
    public var at: Date

    public init(kind: Kind, url: String, messageID: String?, reportedStatus: String?, attempt: Int, responseStatus: Int?, error: String?, at: Date) {
        self.kind = kind
        self.url = url
        self.messageID = messageID
        self.reportedStatus = reportedStatus
        self.attempt = attempt
        self.responseStatus = responseStatus
        self.error = error
        self.at = at
    }

    public var succeeded: Bool { responseStatus.map { (200...299).contains($0) } ?? false }

    public var json: JSONValue {
        [
            "kind": .string(kind.rawValue),
            "url": .string(url),
            "messageId": .optional(messageID),
            "reportedStatus": .optional(reportedStatus),
            "attempt": .integer(attempt),
            "responseStatus": responseStatus.map { .integer($0) } ?? .null,
            "error": .optional(error),
            "at": .string(GraphDate.format(at, fractional: true)),
        ]
    }
}
