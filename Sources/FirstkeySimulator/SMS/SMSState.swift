import Foundation

/// The simulated SMS providers' part of `SimulatorState`: ACS resources and Twilio accounts, the
/// outbox, carrier rules, Event Grid subscriptions, repeatability records and the webhook log.
struct SMSState: Sendable {
    var communicationResources: [SimulatedCommunicationResource] = []
    var twilioAccounts: [String: SimulatedTwilioAccount] = [:]
    var outbox: [SentSMS] = []
    /// Twilio's per-message details (`GET …/Messages/{sid}.json`), by SID.
    var twilioMessages: [String: TwilioMessageRecord] = [:]
    var deliveryRules: [String: SMSDeliveryRule] = [:]
    var defaultDeliveryRule: SMSDeliveryRule = .delivered
    var eventGridSubscriptions: [EventGridSubscription] = []
    /// Manual handshakes waiting for a `GET validationUrl`, by lowercased subscription name.
    var pendingValidations: [String: PendingEventGridValidation] = [:]
    /// ACS repeatability records by `resource/requestId` (lowercased).
    var repeatability: [String: SMSRepeatabilityRecord] = [:]
    var webhookDeliveries: [WebhookDelivery] = []
    /// Extra CAs (PEM) that outbound HTTPS trusts besides the system's roots.
    var webhookTrustRoots: [String] = []

    func communicationResource(named name: String) -> SimulatedCommunicationResource? {
        communicationResources.first { $0.name.lowercased() == name.lowercased() }
    }

    mutating func register(_ resource: SimulatedCommunicationResource) {
        communicationResources.removeAll { $0.name.lowercased() == resource.name.lowercased() }
        communicationResources.append(resource)
    }

    mutating func register(_ subscription: EventGridSubscription) {
        eventGridSubscriptions.removeAll { $0.name.lowercased() == subscription.name.lowercased() }
        eventGridSubscriptions.append(subscription)
    }

    func deliveryRule(for destination: String) -> SMSDeliveryRule {
        deliveryRules[destination] ?? defaultDeliveryRule
    }

    /// Active subscriptions that receive the events of `resourceName`.
    func activeSubscriptions(for resourceName: String) -> [EventGridSubscription] {
        eventGridSubscriptions.filter { $0.isActive && ($0.resourceName.map { $0.lowercased() == resourceName.lowercased() } ?? true) }
    }

    mutating func updateStatus(ofMessage messageID: String, to status: SentSMS.Status, errorCode: Int? = nil, at now: Date) {
        if let index = outbox.lastIndex(where: { $0.messageID == messageID }) {
            outbox[index].status = status
            outbox[index].errorCode = errorCode
        }
        if twilioMessages[messageID] != nil {
            twilioMessages[messageID]?.dateUpdated = now
            if status == .sent { twilioMessages[messageID]?.dateSent = now }
        }
    }

    func message(id: String) -> SentSMS? {
        outbox.last { $0.messageID == id }
    }

    /// Adds what a seed carries.
    mutating func apply(resources: [SimulatedCommunicationResource], accounts: [SimulatedTwilioAccount], rules: [String: SMSDeliveryRule],
                        defaultRule: SMSDeliveryRule?)
    {
        for resource in resources { register(resource) }
        for account in accounts { twilioAccounts[account.accountSID] = account }
        deliveryRules.merge(rules) { _, new in new }
        if let defaultRule { defaultDeliveryRule = defaultRule }
    }

    /// Forgets repeatability records ACS no longer tracks.
    mutating func pruneRepeatability(now: Date) {
        repeatability = repeatability.filter { now.timeIntervalSince($0.value.firstSent) <= SMSRepeatability.trackedDuration }
    }
}

struct PendingEventGridValidation: Sendable {
    var subscription: EventGridSubscription
    var validationCode: String
    var token: String
    var expiresAt: Date
}
