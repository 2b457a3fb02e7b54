import Foundation

/// What Event Grid POSTed to Firstkey's delivery-report endpoint (§9, Event Grid schema): the
/// subscription validation handshake, or a batch of ACS SMS delivery reports.
///
/// The request is authenticated before this (Microsoft Entra bearer token, see the server's
/// `ACSEventGridEndpoint`; never a key in the URL). The server calls `parse` with the raw body
/// and answers a validation with
/// `EventGridSubscriptionValidation.responseBody` (HTTP 200, `application/json`); for reports it
/// answers 200 at once and hands each new report (see `DeliveryReportDeduplicator`, or a unique
/// key on `eventID` in the store) to the engine.
public enum EventGridNotification: Sendable, Hashable {
    case subscriptionValidation(EventGridSubscriptionValidation)
    /// Delivery reports, deduplicated on the event ID within the batch; `ignoredEvents` counts
    /// events of other types.
    case deliveryReports([DeliveryStatusReport], ignoredEvents: Int)

    public static let deliveryReportEventType = "Microsoft.Communication.SMSDeliveryReportReceived"
    public static let subscriptionValidationEventType = "Microsoft.EventGrid.SubscriptionValidationEvent"

    /// Parses an Event Grid POST body (an array of events; one object is accepted too). Keys are
    /// matched case-insensitively: SDK models use camelCase, Microsoft's samples PascalCase.
    /// `eventTypeHeader` is the `aeg-event-type` header, if any (`SubscriptionValidation`,
    /// `Notification`).
    public static func parse(_ body: [UInt8], eventTypeHeader: String? = nil) throws(DeliveryError) -> EventGridNotification {
        let events: [[String: Any]]
        switch try? JSONSerialization.jsonObject(with: Data(body)) {
        case let array as [Any]: events = array.compactMap { $0 as? [String: Any] }
        case let object as [String: Any]: events = [object]
        default:
            throw DeliveryError(.unexpectedResponse, provider: .azureCommunicationServices, isTransient: false, detail: "the Event Grid body is not a JSON array of events")
        }
        for event in events {
            let fields = CaseInsensitiveJSON(event)
            if fields.string("eventType")?.lowercased() == subscriptionValidationEventType.lowercased() {
                let data = CaseInsensitiveJSON(fields.object("data") ?? [:])
                guard let code = data.string("validationCode"), !code.isEmpty else {
                    throw DeliveryError(.unexpectedResponse, provider: .azureCommunicationServices, isTransient: false, detail: "the validation event has no validationCode")
                }
                return .subscriptionValidation(EventGridSubscriptionValidation(validationCode: code, validationURL: data.string("validationUrl").flatMap(URL.init(string:))))
            }
        }
        if eventTypeHeader?.lowercased() == "subscriptionvalidation" {
            throw DeliveryError(.unexpectedResponse, provider: .azureCommunicationServices, isTransient: false, detail: "the request says SubscriptionValidation but holds no validation event")
        }

        var reports: [DeliveryStatusReport] = []
        var seen: Set<String> = []
        var ignored = 0
        for event in events {
            let fields = CaseInsensitiveJSON(event)
            guard fields.string("eventType")?.lowercased() == deliveryReportEventType.lowercased(),
                  let report = deliveryReport(fields)
            else {
                ignored += 1
                continue
            }
            if let id = report.eventID, !seen.insert(id).inserted { continue }
            reports.append(report)
        }
        return .deliveryReports(reports, ignoredEvents: ignored)
    }

    private static func deliveryReport(_ event: CaseInsensitiveJSON) -> DeliveryStatusReport? {
        let data = CaseInsensitiveJSON(event.object("data") ?? [:])
        guard let messageID = data.string("messageId"), !messageID.isEmpty else { return nil }
        let providerStatus = data.string("deliveryStatus") ?? ""
        let details = data.string("deliveryStatusDetails")
        let status: DeliveryReceipt.Status
        switch providerStatus.lowercased() {
        case "delivered": status = .delivered
        case "failed": status = .failed(reason: DeliveryError.scrub(details, removing: []) ?? "ACS reports the SMS as not delivered")
        default: status = .accepted
        }
        let occurred = (data.string("receivedTimestamp") ?? event.string("eventTime")).flatMap(EventGridTime.parse)
        return DeliveryStatusReport(
            eventID: event.string("id"), provider: .azureCommunicationServices, providerMessageID: messageID, status: status,
            providerStatus: providerStatus, tag: data.string("tag"), maskedRecipient: data.string("to").map(RecipientMask.mask), occurredAt: occurred)
    }
}
