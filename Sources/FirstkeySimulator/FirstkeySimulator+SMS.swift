/// The simulated SMS providers in-process: Azure Communication Services resources and Twilio
/// accounts, the SMS outbox, the simulated carrier's rules, Event Grid subscriptions. `/_sim`
/// offers the same over HTTP.
extension FirstkeySimulator {
    // MARK: Azure Communication Services

    /// Registers (or replaces, by name) an ACS resource and returns its connection string with
    /// the simulator's HTTP URL as the endpoint (`endpoint=http://127.0.0.1:…/;accesskey=…`).
    @discardableResult
    public func registerCommunicationResource(_ resource: SimulatedCommunicationResource) -> String {
        core.withState { $0.sms.register(resource) }
        return resource.connectionString(endpoint: httpURL)
    }

    public func communicationResource(named name: String) -> SimulatedCommunicationResource? {
        core.withState { $0.sms.communicationResource(named: name) }
    }

    // MARK: Twilio

    /// Registers (or replaces, by AccountSid) a Twilio account. Point the client's API base at
    /// `httpURL` (`{httpURL}/2010-04-01/Accounts/{AccountSid}/Messages.json`).
    public func registerTwilioAccount(_ account: SimulatedTwilioAccount) {
        core.withState { $0.sms.twilioAccounts[account.accountSID] = account }
    }

    public func twilioAccount(sid: String) -> SimulatedTwilioAccount? {
        core.withState { $0.sms.twilioAccounts[sid] }
    }

    // MARK: Outbox

    /// Messages both providers accepted, oldest first, with their current status. A repeated
    /// ACS request (same `repeatabilityRequestId`) adds nothing.
    public func sentSMS() -> [SentSMS] {
        core.withState { $0.sms.outbox }
    }

    public func clearSentSMS() {
        core.withState { state in
            state.sms.outbox.removeAll()
            state.sms.twilioMessages.removeAll()
        }
    }

    // MARK: Carrier

    /// What happens to messages to `destination` (E.164) from now on.
    public func setDeliveryRule(_ rule: SMSDeliveryRule, for destination: String) {
        core.withState { $0.sms.deliveryRules[destination] = rule }
    }

    /// What happens to messages to numbers without their own rule (initially `.delivered`).
    public func setDefaultDeliveryRule(_ rule: SMSDeliveryRule) {
        core.withState { $0.sms.defaultDeliveryRule = rule }
    }

    /// Removes every per-number rule and restores the `.delivered` default.
    public func clearDeliveryRules() {
        core.withState { state in
            state.sms.deliveryRules.removeAll()
            state.sms.defaultDeliveryRule = .delivered
        }
    }

    // MARK: Event Grid

    /// Creates (or replaces, by name) an Event Grid subscription for ACS SMS delivery reports:
    /// performs the validation handshake against `subscription.endpoint` first and throws when
    /// it fails. Returns it `active`, or `awaitingManualValidation` when the endpoint answered
    /// 200 without the code (it must then `GET` the validation URL).
    @discardableResult
    public func registerEventGridSubscription(_ subscription: EventGridSubscription) async throws(EventGridSubscriptionError) -> EventGridSubscription {
        try await EventGridHandshake.register(subscription, baseURL: httpURL, core: core)
    }

    public func eventGridSubscriptions() -> [EventGridSubscription] {
        core.withState { $0.sms.eventGridSubscriptions }
    }

    public func removeEventGridSubscription(named name: String) {
        core.withState { state in
            state.sms.eventGridSubscriptions.removeAll { $0.name.lowercased() == name.lowercased() }
            state.sms.pendingValidations[name.lowercased()] = nil
        }
    }

    // MARK: Webhooks

    /// Every outbound attempt (Event Grid validations and notifications, Twilio callbacks), oldest first.
    public func webhookDeliveries() -> [WebhookDelivery] {
        core.withState { $0.sms.webhookDeliveries }
    }

    /// Makes outbound HTTPS (Event Grid, Twilio callbacks) trust this CA besides the system's
    /// roots — a stand-in for a public CA. Certificates that are not a CA cannot be added, so a
    /// self-signed endpoint certificate is always refused, as Event Grid refuses it.
    public func trustWebhookCertificateAuthority(pem: String) throws(SimulatorInputError) {
        try WebhookTrust.validateCertificateAuthority(pem)
        core.withState { $0.sms.webhookTrustRoots.append(pem) }
    }
}
