import Foundation
import Logging

/// What a simulated provider still has to do after it answered: let the simulated carrier
/// decide, update the outbox, and report by Event Grid (ACS) or status callback (Twilio).
enum SMSDeliveryJob: Sendable {
    case azureCommunicationServices(messageID: String, resourceName: String, rule: SMSDeliveryRule)
    case twilio(messageSID: String, rule: SMSDeliveryRule)
}

/// The simulator's outbound side: a queue the endpoints feed and one loop, owned by the running
/// simulator, that works each job in a child task. Cancelling the loop (shutdown) cancels
/// pending reports and retries.
final class SMSDispatcher: Sendable {
    /// Between the provider's answer and the carrier's first status (so a 202/201 reaches the
    /// client before any report), and between later statuses.
    static let carrierDelay: Duration = .milliseconds(100)
    static let webhookLogLimit = 1000

    private let jobs: AsyncStream<SMSDeliveryJob>
    private let continuation: AsyncStream<SMSDeliveryJob>.Continuation

    init() {
        (jobs, continuation) = AsyncStream.makeStream(of: SMSDeliveryJob.self)
    }

    func enqueue(_ job: SMSDeliveryJob) {
        continuation.yield(job)
    }

    /// Runs until its task is cancelled.
    func run(core: SimulatorCore) async {
        await withDiscardingTaskGroup { group in
            for await job in jobs {
                group.addTask { await Self.perform(job, core: core) }
            }
        }
    }

    static func perform(_ job: SMSDeliveryJob, core: SimulatorCore) async {
        switch job {
        case .azureCommunicationServices(let messageID, let resourceName, let rule):
            await reportACS(messageID: messageID, resourceName: resourceName, rule: rule, core: core)
        case .twilio(let sid, let rule):
            await reportTwilio(sid: sid, rule: rule, core: core)
        }
    }

    // MARK: ACS → Event Grid

    private static func reportACS(messageID: String, resourceName: String, rule: SMSDeliveryRule, core: SimulatorCore) async {
        guard (try? await Task.sleep(for: carrierDelay)) != nil else { return }
        let now = core.now
        let (status, delivered): (SentSMS.Status, Bool) = switch rule {
        case .delivered: (.delivered, true)
        case .undelivered, .failed: (.failed, false)
        case .silent: (.sent, false)
        }
        let errorCode: Int? = switch rule {
        case .undelivered(let code), .failed(let code): code
        default: nil
        }
        let found = core.withState { state -> (SentSMS?, SimulatedCommunicationResource?, [EventGridSubscription]) in
            state.sms.updateStatus(ofMessage: messageID, to: status, errorCode: errorCode, at: now)
            return (state.sms.message(id: messageID), state.sms.communicationResource(named: resourceName), state.sms.activeSubscriptions(for: resourceName))
        }
        guard let message = found.0, let resource = found.1, message.deliveryReportRequested, rule != .silent else { return }
        let event = EventGridEvents.deliveryReport(message: message, topic: resource.topic, delivered: delivered, now: now)
        await withDiscardingTaskGroup { group in
            for subscription in found.2 {
                group.addTask {
                    await deliver(event, reporting: message.messageID, status: delivered ? "Delivered" : "Failed", to: subscription, core: core)
                }
            }
        }
    }

    private static func deliver(_ event: JSONValue, reporting messageID: String, status: String, to subscription: EventGridSubscription, core: SimulatorCore) async {
        guard let url = try? WebhookURL(subscription.endpoint) else { return }
        var attempt = 0
        while !Task.isCancelled {
            let client = WebhookClient(trustRoots: core.withState { $0.sms.webhookTrustRoots })
            var responseStatus: Int?
            var failure: String?
            do throws(EventGridSubscriptionError) {
                // A fresh token per attempt: a retry hours later must not carry an expired one.
                let bearer = try subscription.entraAuthentication.map { authentication throws(EventGridSubscriptionError) in try authentication.accessToken(core: core) }
                let headers = EventGridEvents.headers(eventType: "Notification", subscriptionName: subscription.name, deliveryCount: attempt, dataVersion: "1.0",
                                                      bearerToken: bearer)
                do {
                    responseStatus = try await client.post(to: url, headers: headers, body: event.bytes).status
                } catch {
                    failure = error.description
                }
            } catch {
                failure = error.description
            }
            core.recordWebhookDelivery(WebhookDelivery(kind: .eventGridNotification, url: subscription.endpoint, messageID: messageID, reportedStatus: status,
                                                       attempt: attempt, responseStatus: responseStatus, error: failure, at: core.now))
            core.logger.debug("event grid notification", metadata: ["attempt": "\(attempt)", "status": "\(responseStatus.map(String.init) ?? "none")"])
            switch EventGridRetryPolicy.decide(responseStatus: responseStatus, attempt: attempt) {
            case .delivered, .drop:
                return
            case .retry(let delay):
                guard (try? await Task.sleep(for: delay)) != nil else { return }
                attempt += 1
            }
        }
    }

    // MARK: Twilio status callbacks

    private static func reportTwilio(sid: String, rule: SMSDeliveryRule, core: SimulatorCore) async {
        let throughService = core.withState { $0.sms.twilioMessages[sid]?.messagingServiceSID != nil }
        for step in TwilioStatusCallback.steps(for: rule, throughMessagingService: throughService) {
            guard (try? await Task.sleep(for: carrierDelay)) != nil else { return }
            let now = core.now
            let found = core.withState { state -> (SentSMS?, TwilioMessageRecord?, String?, [String]) in
                state.sms.updateStatus(ofMessage: sid, to: step.status, errorCode: step.errorCode, at: now)
                let record = state.sms.twilioMessages[sid]
                let token = record.flatMap { state.sms.twilioAccounts[$0.accountSID]?.authToken }
                return (state.sms.message(id: sid), record, token, state.sms.webhookTrustRoots)
            }
            guard let message = found.0, let record = found.1, let authToken = found.2, let callback = message.statusCallback else { continue }
            let parameters = TwilioStatusCallback.parameters(message: message, accountSID: record.accountSID, messagingServiceSID: record.messagingServiceSID, step: step)
            await postCallback(parameters, to: callback, authToken: authToken, messageID: sid, status: step.status.rawValue, trustRoots: found.3, core: core)
        }
    }

    /// One POST; retried once if the connection failed (Twilio's default connection override,
    /// `rc=1`, `rp=ct`: (unverified)); an HTTP error answer is not retried.
    private static func postCallback(_ parameters: [(name: String, value: String)], to callback: String, authToken: String, messageID: String, status: String,
                                     trustRoots: [String], core: SimulatorCore) async
    {
        let url: WebhookURL
        do {
            url = try WebhookURL(callback)
        } catch {
            core.recordWebhookDelivery(WebhookDelivery(kind: .twilioStatusCallback, url: callback, messageID: messageID, reportedStatus: status, attempt: 0,
                                                       responseStatus: nil, error: "the simulator calls only http(s) URLs on loopback", at: core.now))
            return
        }
        let headers: [(String, String)] = [
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("X-Twilio-Signature", TwilioSignature.compute(url: callback, parameters: parameters, authToken: authToken)),
            ("User-Agent", "TwilioProxy/1.1"),
            ("I-Twilio-Idempotency-Token", UUID().uuidString.lowercased()),
        ]
        let body = Array(FormEncoding.encode(parameters.map { ($0.name, $0.value) }).utf8)
        for attempt in 0..<2 {
            let client = WebhookClient(trustRoots: trustRoots, timeout: .seconds(15))
            do {
                let response = try await client.post(to: url, headers: headers, body: body)
                core.recordWebhookDelivery(WebhookDelivery(kind: .twilioStatusCallback, url: callback, messageID: messageID, reportedStatus: status,
                                                           attempt: attempt, responseStatus: response.status, error: nil, at: core.now))
                return
            } catch {
                core.recordWebhookDelivery(WebhookDelivery(kind: .twilioStatusCallback, url: callback, messageID: messageID, reportedStatus: status,
                                                           attempt: attempt, responseStatus: nil, error: error.description, at: core.now))
                guard error.kind == .connection, !Task.isCancelled else { return }
            }
        }
    }
}

extension SimulatorCore {
    func recordWebhookDelivery(_ delivery: WebhookDelivery) {
        withState { state in
            state.sms.webhookDeliveries.append(delivery)
            if state.sms.webhookDeliveries.count > SMSDispatcher.webhookLogLimit {
                state.sms.webhookDeliveries.removeFirst(state.sms.webhookDeliveries.count - SMSDispatcher.webhookLogLimit)
            }
        }
    }
}
