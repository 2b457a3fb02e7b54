import FirstkeySimulator
import Foundation
import HTTPTypes
import Testing

/// Event Grid: the subscription validation handshake, then `SMSDeliveryReportReceived`
/// notifications for ACS messages, delivered to a real local webhook.
@Suite("Event Grid delivery reports")
struct EventGridDeliveryReportTests {
    static let isNotification: @Sendable (WebhookReceiver.Received) -> Bool = { $0.header("aeg-event-type") == "Notification" }

    @Test("handshake, then a Delivered report in Event Grid schema for each sent message")
    func delivered() async throws {
        try await SMSFixture.with { sms in
            try await WebhookReceiver.with { receiver in
                let subscription = try await sms.simulator.registerEventGridSubscription(
                    EventGridSubscription(name: "firstkey-sms", endpoint: receiver.baseURL + "/events/acs?code=1", resourceName: "contoso-sms"))
                #expect(subscription.isActive)
                let validation = try #require(receiver.received.first)
                #expect(validation.method == "POST")
                #expect(validation.target == "/events/acs?code=1")
                #expect(validation.header("aeg-event-type") == "SubscriptionValidation")
                let validationEvents = try #require(validation.json?.arrayValue)
                #expect(validationEvents.count == 1)
                #expect(validationEvents[0]["eventType"] == "Microsoft.EventGrid.SubscriptionValidationEvent")
                #expect(validationEvents[0]["data"]?["validationUrl"]?.stringValue?.contains("/eventsubscriptions/firstkey-sms/validate?id=") == true)

                let sent = try await sms.sendACS(SMSFixture.message(to: ["+11234567890"]))
                let messageID = try #require(sent.json?["value"]?.arrayValue?.first?["messageId"]?.stringValue)
                let notification = try #require(try await receiver.wait(for: 1, matching: Self.isNotification).first)
                #expect(notification.header("aeg-subscription-name") == "FIRSTKEY-SMS")
                #expect(notification.header("aeg-delivery-count") == "0")
                #expect(notification.header("Content-Type")?.hasPrefix("application/json") == true)
                let events = try #require(notification.json?.arrayValue)
                #expect(events.count == 1)
                let event = events[0]
                #expect(event["id"]?.stringValue == messageID)
                #expect(event["eventType"] == "Microsoft.Communication.SMSDeliveryReportReceived")
                #expect(event["topic"]?.stringValue == sms.simulator.communicationResource(named: "contoso-sms")?.topic)
                #expect(event["subject"] == "/phonenumber/18005550100")
                #expect(event["dataVersion"] == "1.0")
                #expect(event["metadataVersion"] == "1")
                let data = try #require(event["data"])
                #expect(data["messageId"]?.stringValue == messageID)
                #expect(data["from"] == "18005550100")
                #expect(data["to"] == "+11234567890")
                #expect(data["deliveryStatus"] == "Delivered")
                #expect(data["deliveryStatusDetails"] == "No error.")
                #expect(data["tag"] == "tap-123")
                #expect(data["deliveryAttempts"]?.arrayValue?.first?["segmentsSucceeded"] == 1)
                #expect(data["receivedTimestamp"]?.stringValue != nil)
                try await waitForStatus(.delivered, of: messageID, in: sms.simulator)
            }
        }
    }

    @Test("per-number rules: failed reports Failed, silent never reports; no report unless enableDeliveryReport")
    func rules() async throws {
        try await SMSFixture.with { sms in
            try await WebhookReceiver.with { receiver in
                try await sms.simulator.registerEventGridSubscription(EventGridSubscription(name: "reports", endpoint: receiver.baseURL + "/events"))
                sms.simulator.setDeliveryRule(.undelivered(errorCode: 30003), for: "+11234567891")
                sms.simulator.setDeliveryRule(.silent, for: "+11234567892")
                _ = try await sms.sendACS(SMSFixture.message(to: ["+11234567892"]))
                _ = try await sms.sendACS(SMSFixture.message(to: ["+11234567893"], options: ["enableDeliveryReport": false]))
                _ = try await sms.sendACS(SMSFixture.message(to: ["+11234567891"]))
                let reports = try await receiver.wait(for: 1, matching: Self.isNotification)
                #expect(reports.count == 1)
                let data = try #require(reports[0].json?.arrayValue?.first?["data"])
                #expect(data["to"] == "+11234567891")
                #expect(data["deliveryStatus"] == "Failed")
                #expect(data["deliveryAttempts"]?.arrayValue?.first?["segmentsFailed"] == 1)
                try await Task.sleep(for: .milliseconds(400))
                #expect(receiver.received.filter(Self.isNotification).count == 1)
                let statuses = Dictionary(uniqueKeysWithValues: sms.simulator.sentSMS().map { ($0.to, $0.status) })
                #expect(statuses["+11234567891"] == .failed)
                #expect(statuses["+11234567892"] == .sent)
                #expect(statuses["+11234567893"] == .delivered)
            }
        }
    }

    @Test("a failing endpoint is retried with aeg-delivery-count; 400 is not retried")
    func retries() async throws {
        try await SMSFixture.with { sms in
            // Validation first (index 0), then 503, 503, 200.
            try await WebhookReceiver.with(respond: { request, index in
                if index == 0 { return WebhookReceiver.eventGrid(request, index) }
                return index < 3 ? (.serviceUnavailable, "") : (.ok, "")
            }) { receiver in
                try await sms.simulator.registerEventGridSubscription(EventGridSubscription(name: "flaky", endpoint: receiver.baseURL + "/events"))
                _ = try await sms.sendACS(SMSFixture.message(to: ["+11234567890"]))
                let attempts = try await receiver.wait(for: 3, matching: Self.isNotification)
                #expect(attempts.map { $0.header("aeg-delivery-count") } == ["0", "1", "2"])
                #expect(Set(attempts.map { $0.json?.arrayValue?.first?["id"] }).count == 1)
                try await Task.sleep(for: .milliseconds(700))
                #expect(receiver.received.filter(Self.isNotification).count == 3)
                #expect(sms.simulator.webhookDeliveries().filter { $0.kind == .eventGridNotification }.map(\.responseStatus) == [503, 503, 200])
            }
            try await WebhookReceiver.with(respond: { request, index in
                index == 0 ? WebhookReceiver.eventGrid(request, index) : (.badRequest, "")
            }) { receiver in
                try await sms.simulator.registerEventGridSubscription(EventGridSubscription(name: "flaky", endpoint: receiver.baseURL + "/events"))
                _ = try await sms.sendACS(SMSFixture.message(to: ["+11234567890"]))
                _ = try await receiver.wait(for: 1, matching: Self.isNotification)
                try await Task.sleep(for: .milliseconds(600))
                #expect(receiver.received.filter(Self.isNotification).count == 1)
            }
        }
    }

    @Test("handshake failures: non-200, wrong code, unreachable, not loopback, unknown resource; the subscription stays inactive")
    func handshakeFailures() async throws {
        try await SMSFixture.with { sms in
            try await WebhookReceiver.with(respond: { _, _ in (.internalServerError, "") }) { receiver in
                await #expect(throws: EventGridSubscriptionError.self) {
                    try await sms.simulator.registerEventGridSubscription(EventGridSubscription(name: "a", endpoint: receiver.baseURL))
                }
                do throws(EventGridSubscriptionError) {
                    try await sms.simulator.registerEventGridSubscription(EventGridSubscription(name: "a", endpoint: receiver.baseURL))
                } catch {
                    #expect(error.code == .refused)
                    #expect(error.status == 500)
                }
            }
            try await WebhookReceiver.with(respond: { _, _ in (.ok, #"{"validationResponse":"not-the-code"}"#) }) { receiver in
                do throws(EventGridSubscriptionError) {
                    try await sms.simulator.registerEventGridSubscription(EventGridSubscription(name: "b", endpoint: receiver.baseURL))
                    Issue.record("a wrong validation code must fail")
                } catch {
                    #expect(error.code == .wrongValidationCode)
                }
            }
            func code(_ subscription: EventGridSubscription) async -> EventGridSubscriptionError.Code? {
                do throws(EventGridSubscriptionError) {
                    try await sms.simulator.registerEventGridSubscription(subscription)
                    return nil
                } catch {
                    return error.code
                }
            }
            #expect(await code(EventGridSubscription(name: "c", endpoint: "http://127.0.0.1:1/events")) == .unreachable)
            #expect(await code(EventGridSubscription(name: "d", endpoint: "https://firstkey.example.com/events")) == .invalidEndpoint)
            #expect(await code(EventGridSubscription(name: "e", endpoint: "http://127.0.0.1:1/", resourceName: "nope")) == .unknownResource)
            #expect(sms.simulator.eventGridSubscriptions().isEmpty)
        }
    }

    @Test("an https endpoint whose certificate is not publicly trusted (as a self-signed one) is refused; a trusted CA passes TLS")
    func tls() async throws {
        let other = try await SimulatorFixture.start(https: true)
        do {
            let otherHTTPS = try #require(other.simulator.httpsURL)
            try await SMSFixture.with { sms in
                do throws(EventGridSubscriptionError) {
                    try await sms.simulator.registerEventGridSubscription(EventGridSubscription(name: "tls", endpoint: otherHTTPS + "/events"))
                    Issue.record("an untrusted certificate must be refused")
                } catch {
                    #expect(error.code == .certificateRejected)
                }
                // A CA certificate may be trusted (standing in for a public CA); a self-signed leaf may not.
                #expect(throws: SimulatorInputError.self) {
                    try sms.simulator.trustWebhookCertificateAuthority(pem: try SimulatedCertificateCredential.generate().certificatePEM)
                }
                try sms.simulator.trustWebhookCertificateAuthority(pem: other.simulator.certificateAuthorityPEM)
                do throws(EventGridSubscriptionError) {
                    try await sms.simulator.registerEventGridSubscription(EventGridSubscription(name: "tls", endpoint: otherHTTPS + "/events"))
                    Issue.record("the other simulator does not serve /events")
                } catch {
                    #expect(error.code == .refused)  // TLS succeeded; the endpoint answered 404
                    #expect(error.status == 404)
                }
            }
        } catch {
            try? await other.simulator.shutdown()
            throw error
        }
        try await other.simulator.shutdown()
    }

    @Test("manual validation: 200 without the code leaves the subscription waiting until its validationUrl is fetched")
    func manualValidation() async throws {
        try await SMSFixture.with { sms in
            try await WebhookReceiver.with(respond: { _, _ in (.ok, "") }) { receiver in
                let subscription = try await sms.simulator.registerEventGridSubscription(EventGridSubscription(name: "manual", endpoint: receiver.baseURL + "/events"))
                guard case .awaitingManualValidation(let validationURL, _) = subscription.state else {
                    Issue.record("expected a manual validation")
                    return
                }
                _ = try await sms.sendACS(SMSFixture.message(to: ["+11234567890"]))
                try await Task.sleep(for: .milliseconds(300))
                #expect(receiver.received.filter(Self.isNotification).isEmpty)

                let path = String(validationURL.dropFirst(sms.simulator.httpURL.count))
                #expect(try await sms.client.get(path.replacingOccurrences(of: "token=", with: "token=x")).status == .badRequest)
                #expect(try await sms.client.get(path).status == .ok)
                #expect(sms.simulator.eventGridSubscriptions().first?.isActive == true)
                _ = try await sms.sendACS(SMSFixture.message(to: ["+11234567890"]))
                #expect(try await receiver.wait(for: 1, matching: Self.isNotification).count == 1)
            }
        }
    }
}

/// Polls the outbox until the message reaches `status`.
func waitForStatus(_ status: SentSMS.Status, of messageID: String, in simulator: FirstkeySimulator, timeout: Duration = .seconds(5)) async throws {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while clock.now < deadline {
        if simulator.sentSMS().first(where: { $0.messageID == messageID })?.status == status { return }
        try await Task.sleep(for: .milliseconds(20))
    }
    throw FixtureError("\(messageID) did not reach \(status)")
}
