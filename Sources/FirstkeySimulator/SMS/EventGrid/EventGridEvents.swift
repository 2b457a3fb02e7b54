import Foundation

/// Event Grid schema events the simulator sends, each POSTed as an array of one (Event Grid's
/// default `maxEventsPerBatch` is 1).
enum EventGridEvents {
    static let deliveryReportType = "Microsoft.Communication.SMSDeliveryReportReceived"
    static let validationType = "Microsoft.EventGrid.SubscriptionValidationEvent"

    static func validation(topic: String, code: String, validationURL: String, now: Date) -> JSONValue {
        [[
            "id": .string(UUID().uuidString.lowercased()),
            "topic": .string(topic),
            "subject": "",
            "data": ["validationCode": .string(code), "validationUrl": .string(validationURL)],
            "eventType": .string(validationType),
            "eventTime": .string(GraphDate.format(now, fractional: true)),
            "metadataVersion": "1",
            "dataVersion": "2",
        ]]
    }

    /// A delivery report as Learn's sample shows it, with the SDK models' camelCase data keys.
    /// Like the sample, the event `id` is the message ID (so a retried delivery repeats it), the
    /// `subject` and `data.from` carry the sender without `+`, `data.to` keeps it (unverified:
    /// the sample uses one number for both). Failure details are (unverified).
    static func deliveryReport(message: SentSMS, topic: String, delivered: Bool, now: Date) -> JSONValue {
        let segments = SMSSegments.count(message.body)
        var data: [(String, JSONValue)] = [
            ("messageId", .string(message.messageID)),
            ("from", .string(E164PhoneNumber.digits(message.from))),
            ("to", .string(message.to)),
            ("deliveryStatus", delivered ? "Delivered" : "Failed"),
            ("deliveryStatusDetails", delivered ? "No error." : "The Destination/To number is not reachable (error code 4006)."),
            ("receivedTimestamp", .string(GraphDate.format(now, fractional: true))),
        ]
        if let tag = message.tag { data.append(("tag", .string(tag))) }
        data.append(("deliveryAttempts", [[
            "timestamp": .string(GraphDate.format(message.sentAt, fractional: true)),
            "segmentsSucceeded": .integer(delivered ? segments : 0),
            "segmentsFailed": .integer(delivered ? 0 : segments),
        ]]))
        return [[
            "id": .string(message.messageID),
            "topic": .string(topic),
            "subject": .string("/phonenumber/\(E164PhoneNumber.digits(message.from))"),
            "eventType": .string(deliveryReportType),
            "eventTime": .string(GraphDate.format(now)),
            "dataVersion": "1.0",
            "metadataVersion": "1",
            "data": .object(data),
        ]]
    }

    /// The headers of every Event Grid POST (`aeg-event-type` `SubscriptionValidation` or
    /// `Notification`; the latter is (unverified) in the reference but documented by Event Grid),
    /// with `Authorization: Bearer …` when the subscription uses Entra authentication (Learn: the
    /// token is passed "in every message"; that the handshake carries it too is (unverified)).
    static func headers(eventType: String, subscriptionName: String, deliveryCount: Int, dataVersion: String, bearerToken: String? = nil) -> [(String, String)] {
        var headers = [
            ("Content-Type", "application/json; charset=utf-8"),
            ("aeg-event-type", eventType),
            ("aeg-subscription-name", subscriptionName.uppercased()),
            ("aeg-delivery-count", String(deliveryCount)),
            ("aeg-data-version", dataVersion),
            ("aeg-metadata-version", "1"),
        ]
        if let bearerToken { headers.append(("Authorization", "Bearer \(bearerToken)")) }
        return headers
    }
}
