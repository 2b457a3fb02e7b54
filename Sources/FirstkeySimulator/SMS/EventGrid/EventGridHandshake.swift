import Foundation
import HTTPTypes

/// Creating an Event Grid subscription: Event Grid POSTs one `SubscriptionValidationEvent`
/// (`aeg-event-type: SubscriptionValidation`) and the endpoint must answer `200`
/// `{"validationResponse": "<validationCode>"}`, or answer 200 and later `GET` the
/// `validationUrl` within 10 minutes (manual mode). Anything else fails the creation.
enum EventGridHandshake {
    /// How long a manual validation URL stays valid (5 minutes in older docs, 10 in newer).
    static let manualValidationWindow: TimeInterval = 10 * 60

    enum Outcome: Equatable {
        case validated
        case manualValidationRequired
        case refused(status: Int)
        case wrongCode
    }

    /// Pure: what the endpoint's answer means.
    static func evaluate(status: Int, body: [UInt8], code: String) -> Outcome {
        guard status == 200 else { return .refused(status: status) }
        guard let answer = JSONValue(parsing: body)?["validationResponse"], !answer.isNull else { return .manualValidationRequired }
        return answer.stringValue?.lowercased() == code.lowercased() ? .validated : .wrongCode
    }

    /// Validates the endpoint and stores the subscription (replacing one of the same name, as an
    /// Azure create-or-update does). `baseURL` is where the simulator serves manual validation.
    static func register(_ subscription: EventGridSubscription, baseURL: String, core: SimulatorCore) async throws(EventGridSubscriptionError) -> EventGridSubscription {
        let url: WebhookURL
        do {
            url = try WebhookURL(subscription.endpoint)
        } catch {
            throw EventGridSubscriptionError(.invalidEndpoint, "the endpoint must be an absolute http or https URL on loopback")
        }
        // Event Grid delivers only to https; the simulator keeps http for plain subscriptions
        // (see EventGridSubscription.endpoint) but never sends a bearer token in the clear.
        if subscription.entraAuthentication != nil, !url.isHTTPS {
            throw EventGridSubscriptionError(.invalidEndpoint, "Event Grid delivers only to https endpoints; \(subscription.endpoint) is not https")
        }
        let bearer = try subscription.entraAuthentication.map { authentication throws(EventGridSubscriptionError) in try authentication.accessToken(core: core) }
        let (resources, trustRoots) = core.withState { ($0.sms.communicationResources, $0.sms.webhookTrustRoots) }
        let resource: SimulatedCommunicationResource?
        if let name = subscription.resourceName {
            guard let found = resources.first(where: { $0.name.lowercased() == name.lowercased() }) else {
                throw EventGridSubscriptionError(.unknownResource, "no communication resource named \(name)")
            }
            resource = found
        } else {
            resource = resources.first
        }
        // With no resource registered yet, the topic names a placeholder resource.
        let topic = (resource ?? SimulatedCommunicationResource(name: "any", accessKey: "", phoneNumbers: [])).topic
        let now = core.now
        let code = UUID().uuidString.uppercased()
        let token = TwilioSID.hex(count: 32)
        let base = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        let validationURL = "\(base)/eventsubscriptions/\(FormEncoding.percentEncode(subscription.name.lowercased()))/validate?id=\(code)"
            + "&t=\(FormEncoding.percentEncode(GraphDate.format(now, fractional: true)))&apiVersion=2018-05-01-preview&token=\(token)"
        let body = EventGridEvents.validation(topic: topic, code: code, validationURL: validationURL, now: now).bytes
        // Microsoft documents the Entra token on event deliveries only; whether the handshake carries
        // it is not documented, so the simulator takes the reading least convenient for Firstkey: no token.
        _ = bearer
        let headers = EventGridEvents.headers(eventType: "SubscriptionValidation", subscriptionName: subscription.name, deliveryCount: 0, dataVersion: "2",
                                              bearerToken: nil)

        let client = WebhookClient(trustRoots: trustRoots)
        let response: WebhookClient.Response
        do {
            response = try await client.post(to: url, headers: headers, body: body)
        } catch {
            core.recordWebhookDelivery(.init(kind: .eventGridValidation, url: subscription.endpoint, messageID: nil, reportedStatus: nil, attempt: 0,
                                             responseStatus: nil, error: error.description, at: core.now))
            throw EventGridSubscriptionError(error.kind == .tls ? .certificateRejected : .unreachable, "validation handshake failed: \(error.description)")
        }
        core.recordWebhookDelivery(.init(kind: .eventGridValidation, url: subscription.endpoint, messageID: nil, reportedStatus: nil, attempt: 0,
                                         responseStatus: response.status, error: nil, at: core.now))
        var stored = subscription
        switch evaluate(status: response.status, body: response.body, code: code) {
        case .validated:
            stored.state = .active
            core.withState { state in
                state.sms.pendingValidations[stored.name.lowercased()] = nil
                state.sms.register(stored)
            }
        case .manualValidationRequired:
            let expiresAt = now.addingTimeInterval(manualValidationWindow)
            stored.state = .awaitingManualValidation(validationURL: validationURL, expiresAt: expiresAt)
            let pending = PendingEventGridValidation(subscription: stored, validationCode: code, token: token, expiresAt: expiresAt)
            core.withState { state in
                state.sms.pendingValidations[stored.name.lowercased()] = pending
                state.sms.register(stored)
            }
        case .refused(let status):
            throw EventGridSubscriptionError(.refused, "validation handshake failed: the endpoint answered \(status)", status: status)
        case .wrongCode:
            throw EventGridSubscriptionError(.wrongValidationCode, "validation handshake failed: validationResponse does not echo the validation code", status: 200)
        }
        return stored
    }

    /// `GET /eventsubscriptions/{name}/validate?id=…&token=…`: the manual handshake. The answer's
    /// text is (unverified).
    static func validateManually(_ request: SimulatorRequest, name: String, core: SimulatorCore) -> SimulatorResponse {
        let now = core.now
        let validated = core.withState { state -> Bool in
            guard let pending = state.sms.pendingValidations[name.lowercased()], request.queryValue("id")?.lowercased() == pending.validationCode.lowercased(),
                  request.queryValue("token") == pending.token, now < pending.expiresAt
            else { return false }
            var subscription = pending.subscription
            subscription.state = .active
            state.sms.pendingValidations[name.lowercased()] = nil
            state.sms.register(subscription)
            return true
        }
        guard validated else {
            return .json(["error": ["code": "InvalidValidationUrl", "message": "The validation URL is invalid or has expired."]], status: .badRequest)
        }
        return SimulatorResponse(status: .ok, headers: [.contentType: "text/plain; charset=utf-8"],
                                 body: Array("Webhook successfully validated as a part of the subscription validation.".utf8))
    }
}
