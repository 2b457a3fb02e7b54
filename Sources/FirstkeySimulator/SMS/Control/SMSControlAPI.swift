import Foundation
import HTTPTypes

/// The SMS part of `/_sim` (documented in docs/simulator.md): ACS resources, Twilio accounts,
/// the SMS outbox, carrier rules, Event Grid subscriptions, the webhook log and trust roots.
enum SMSControlAPI {
    /// nil when the path is not one of these.
    static func handle(_ request: SimulatorRequest, core: SimulatorCore) async -> SimulatorResponse? {
        let path = Array(request.segments.dropFirst())
        guard let first = path.first, ["acs", "twilio", "sms", "eventgrid"].contains(first) else { return nil }
        do throws(SimulatorInputError) {
            if request.method == .post, path == ["eventgrid", "subscriptions"] {
                return try await registerSubscription(request, core: core)
            }
            return try route(request, path: path, core: core)
        } catch {
            return .json(["error": .string(error.description)], status: .badRequest)
        }
    }

    private static func body(_ request: SimulatorRequest) throws(SimulatorInputError) -> JSONValue {
        guard let json = request.jsonBody else { throw SimulatorInputError("the body must be JSON") }
        return json
    }

    private static func route(_ request: SimulatorRequest, path: [String], core: SimulatorCore) throws(SimulatorInputError) -> SimulatorResponse {
        switch (request.method, path) {
        case (.get, ["acs", "resources"]):
            return .json(["value": .array(core.withState { $0.sms.communicationResources }.map { $0.json(endpoint: request.baseURL) })])
        case (.post, ["acs", "resources"]):
            let resource = try SimulatedCommunicationResource(json: try body(request))
            core.withState { $0.sms.register(resource) }
            return .json(resource.json(endpoint: request.baseURL), status: .created)

        case (.get, ["twilio", "accounts"]):
            return .json(["value": .array(core.withState { Array($0.sms.twilioAccounts.values) }.sorted { $0.accountSID < $1.accountSID }.map(\.publicJSON))])
        case (.post, ["twilio", "accounts"]):
            let account = try SimulatedTwilioAccount(json: try body(request))
            core.withState { $0.sms.twilioAccounts[account.accountSID] = account }
            return .json(account.publicJSON, status: .created)

        case (.get, ["sms", "outbox"]):
            return .json(["value": .array(core.withState { $0.sms.outbox }.map(\.json))])
        case (.delete, ["sms", "outbox"]):
            core.withState { state in
                state.sms.outbox.removeAll()
                state.sms.twilioMessages.removeAll()
            }
            return .empty(.noContent)

        case (.get, ["sms", "delivery-rules"]):
            return .json(core.withState { SMSDeliveryRulesJSON.json(rules: $0.sms.deliveryRules, defaultRule: $0.sms.defaultDeliveryRule) })
        case (.put, ["sms", "delivery-rules"]):
            let (rules, defaultRule) = try SMSDeliveryRulesJSON.parse(try body(request))
            let current = core.withState { state -> JSONValue in
                state.sms.deliveryRules = rules
                state.sms.defaultDeliveryRule = defaultRule ?? .delivered
                return SMSDeliveryRulesJSON.json(rules: state.sms.deliveryRules, defaultRule: state.sms.defaultDeliveryRule)
            }
            return .json(current)
        case (.post, ["sms", "delivery-rules"]):
            let (to, rule) = try SMSDeliveryRulesJSON.parseOne(try body(request))
            core.withState { $0.sms.deliveryRules[to] = rule }
            return .json(rule.json.setting("to", .string(to)), status: .created)
        case (.delete, ["sms", "delivery-rules"]):
            core.withState { state in
                state.sms.deliveryRules.removeAll()
                state.sms.defaultDeliveryRule = .delivered
            }
            return .empty(.noContent)

        case (.get, ["eventgrid", "subscriptions"]):
            return .json(["value": .array(core.withState { $0.sms.eventGridSubscriptions }.map(\.json))])
        case (.delete, let p) where p.count == 3 && p[0] == "eventgrid" && p[1] == "subscriptions":
            core.withState { state in
                state.sms.eventGridSubscriptions.removeAll { $0.name.lowercased() == p[2].lowercased() }
                state.sms.pendingValidations[p[2].lowercased()] = nil
            }
            return .empty(.noContent)

        case (.get, ["sms", "webhook-deliveries"]):
            return .json(["value": .array(core.withState { $0.sms.webhookDeliveries }.map(\.json))])
        case (.post, ["sms", "webhook-trust-roots"]):
            guard let pem = try body(request)["pem"]?.stringValue else { throw SimulatorInputError("pem (a CA certificate) is required") }
            try WebhookTrust.validateCertificateAuthority(pem)
            core.withState { $0.sms.webhookTrustRoots.append(pem) }
            return .empty(.noContent)

        default:
            return .json(["error": .string("not found: \(request.method.rawValue) \(request.path)")], status: .notFound)
        }
    }

    /// `POST /_sim/eventgrid/subscriptions` `{"name","endpoint","resource"}`, for Entra delivery
    /// also `"azureActiveDirectoryTenantId"`, `"azureActiveDirectoryApplicationIdOrUri"` and
    /// optionally `"eventGridRoles"` and `"tokenVersion"`: runs the validation handshake; 201 with
    /// the subscription, or 400 saying why Event Grid refused it.
    private static func registerSubscription(_ request: SimulatorRequest, core: SimulatorCore) async throws(SimulatorInputError) -> SimulatorResponse {
        let json = try body(request)
        guard let name = json["name"]?.stringValue, !name.isEmpty, let endpoint = json["endpoint"]?.stringValue else {
            throw SimulatorInputError("a subscription needs name and endpoint")
        }
        let subscription = EventGridSubscription(name: name, endpoint: endpoint, resourceName: json["resource"]?.stringValue,
                                                 entraAuthentication: try EventGridEntraAuthentication(json: json))
        do {
            let stored = try await EventGridHandshake.register(subscription, baseURL: request.baseURL, core: core)
            return .json(stored.json, status: .created)
        } catch {
            var answer: [(String, JSONValue)] = [("error", .string(error.description)), ("code", .string(error.code.description))]
            if let status = error.status { answer.append(("endpointStatus", .integer(status))) }
            return .json(.object(answer), status: .badRequest)
        }
    }
}
