import Foundation
import Testing
@testable import Delivery

@Suite struct EventGridTests {
    @Test func subscriptionValidation() throws {
        let body = #"[{"id":"2d1781af-3a4c-4d7c-bd0c-e34b19da4e66","topic":"/subscriptions/x","subject":"","data":{"validationCode":"512d38b6-c7b8-40c8-89fe-f46f9e9622b6","validationUrl":"https://rp-eastus2.eventgrid.azure.net:553/eventsubscriptions/s/validate?id=512d38b6&t=2025-01-01T00:00:00Z"},"eventType":"Microsoft.EventGrid.SubscriptionValidationEvent","eventTime":"2018-01-25T22:12:19.4556811Z","metadataVersion":"1","dataVersion":"1"}]"#
        guard case .subscriptionValidation(let validation) = try EventGridNotification.parse(Array(body.utf8), eventTypeHeader: "SubscriptionValidation") else {
            Issue.record("not a validation")
            return
        }
        #expect(validation.validationCode == "512d38b6-c7b8-40c8-89fe-f46f9e9622b6")
        #expect(validation.validationURL?.host == "rp-eastus2.eventgrid.azure.net")
        #expect(String(decoding: validation.responseBody, as: UTF8.self) == #"{"validationResponse":"512d38b6-c7b8-40c8-89fe-f46f9e9622b6"}"#)
    }

    @Test func pascalCaseValidation() throws {
        let body = #"[{"Id":"1","EventType":"Microsoft.EventGrid.SubscriptionValidationEvent","Data":{"ValidationCode":"ABC"}}]"#
        guard case .subscriptionValidation(let validation) = try EventGridNotification.parse(Array(body.utf8)) else {
            Issue.record("not a validation")
            return
        }
        #expect(validation.validationCode == "ABC")
    }

    static let reports = #"""
    [{"id":"Outgoing_1-evt","topic":"/subscriptions/s/resourceGroups/r/providers/microsoft.communication/communicationservices/acs",
      "subject":"/phonenumber/15555555555","eventType":"Microsoft.Communication.SMSDeliveryReportReceived","eventTime":"2020-09-18T00:22:20Z",
      "dataVersion":"1.0","metadataVersion":"1",
      "data":{"messageId":"Outgoing_1","from":"15555555555","to":"+491701234567","deliveryStatus":"Delivered","deliveryStatusDetails":"No error.",
              "receivedTimestamp":"2020-09-18T00:22:20.2855749Z","tag":"case-1",
              "deliveryAttempts":[{"timestamp":"2020-09-18T00:22:14.9315918Z","segmentsSucceeded":1,"segmentsFailed":0}]}},
     {"Id":"Outgoing_2-evt","EventType":"microsoft.communication.smsdeliveryreportreceived","EventTime":"2020-09-18T00:25:00Z",
      "Data":{"MessageId":"Outgoing_2","To":"+491701234568","DeliveryStatus":"Failed","DeliveryStatusDetails":"Delivery failed: unreachable handset","Tag":"case-2"}},
     {"id":"Outgoing_1-evt","eventType":"Microsoft.Communication.SMSDeliveryReportReceived","data":{"messageId":"Outgoing_1","deliveryStatus":"Delivered"}},
     {"id":"other","eventType":"Microsoft.Communication.SMSReceived","data":{"messageId":"Incoming_1","message":"STOP"}}]
    """#

    @Test func deliveryReports() throws {
        guard case .deliveryReports(let reports, let ignored) = try EventGridNotification.parse(Array(Self.reports.utf8), eventTypeHeader: "Notification") else {
            Issue.record("no reports")
            return
        }
        #expect(ignored == 1)
        #expect(reports.count == 2)
        #expect(reports[0].eventID == "Outgoing_1-evt")
        #expect(reports[0].providerMessageID == "Outgoing_1")
        #expect(reports[0].status == .delivered)
        #expect(reports[0].tag == "case-1")
        #expect(reports[0].maskedRecipient == "+49••••••••67")
        #expect(reports[0].occurredAt == Date(timeIntervalSince1970: 1_600_388_540.285))
        #expect(reports[1].providerMessageID == "Outgoing_2")
        #expect(reports[1].status == .failed(reason: "Delivery failed: unreachable handset"))
        #expect(reports[1].tag == "case-2")
        #expect(reports[1].occurredAt == Date(timeIntervalSince1970: 1_600_388_700))
    }

    @Test func deduplicationAcrossRequests() throws {
        guard case .deliveryReports(let reports, _) = try EventGridNotification.parse(Array(Self.reports.utf8)) else { return }
        var deduplicator = DeliveryReportDeduplicator(capacity: 2)
        let first = deduplicator.newReports(reports)
        let again = deduplicator.newReports(reports)
        #expect(first.count == 2)
        #expect(again.isEmpty)
        var sightings: [Bool] = []
        for id in ["a", "a", "b", "Outgoing_1-evt"] { sightings.append(deduplicator.firstSighting(of: id)) }
        // Capacity 2: the oldest IDs are forgotten.
        #expect(sightings == [true, false, true, true])
    }

    @Test func notEventGrid() throws {
        for body in ["not json", "42", #"{"validationResponse":1}"#] {
            if body.hasPrefix("{") {
                guard case .deliveryReports(let reports, let ignored) = try EventGridNotification.parse(Array(body.utf8)) else { continue }
                #expect(reports.isEmpty && ignored == 1)
            } else {
                #expect(throws: DeliveryError.self) { try EventGridNotification.parse(Array(body.utf8)) }
            }
        }
        #expect(throws: DeliveryError.self) { try EventGridNotification.parse(Array("[]".utf8), eventTypeHeader: "SubscriptionValidation") }
        #expect(throws: DeliveryError.self) {
            try EventGridNotification.parse(Array(#"[{"eventType":"Microsoft.EventGrid.SubscriptionValidationEvent","data":{}}]"#.utf8))
        }
    }

    @Test func theDeduplicatorCanBeAskedWithoutRecording() {
        var deduplicator = DeliveryReportDeduplicator(capacity: 4)
        #expect(!deduplicator.hasSeen("e1"))
        #expect(!deduplicator.hasSeen("e1"))
        let first = deduplicator.firstSighting(of: "e1")
        #expect(first)
        #expect(deduplicator.hasSeen("e1"))
        let again = deduplicator.firstSighting(of: "e1")
        #expect(!again)
    }
}
