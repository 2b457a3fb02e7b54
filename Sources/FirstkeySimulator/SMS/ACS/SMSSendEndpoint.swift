import Foundation
import HTTPTypes

/// `POST /sms?api-version=2021-03-07` (Azure Communication Services SMS): HMAC authentication,
/// request validation, per-recipient results in a 202, repeatability, the outbox and delivery
/// reports. Whole-request failures use the ACS error body; per-recipient ones sit in the 202.
enum SMSSendEndpoint {
    static let apiVersion = "2021-03-07"
    static let maximumRecipients = 100
    static let maximumMessageLength = 2048

    static func handle(_ request: SimulatorRequest, core: SimulatorCore) -> SimulatorResponse {
        let response: SimulatorResponse
        do throws(ACSError) {
            response = try send(request, core: core)
        } catch {
            response = error.response
        }
        return decorate(response, for: request)
    }

    /// The SDKs send `x-ms-return-client-request-id: true` with `x-ms-client-request-id`; the
    /// service echoes the ID.
    static func decorate(_ response: SimulatorResponse, for request: SimulatorRequest) -> SimulatorResponse {
        var response = response
        let clientRequestID = HTTPField.Name("x-ms-client-request-id")!
        if request.headers[HTTPField.Name("x-ms-return-client-request-id")!]?.lowercased() == "true", let id = request.headers[clientRequestID] {
            response.headers[clientRequestID] = id
        }
        return response
    }

    private static func send(_ request: SimulatorRequest, core: SimulatorCore) throws(ACSError) -> SimulatorResponse {
        guard request.method == .post else {
            throw ACSError(.methodNotAllowed, "MethodNotAllowed", "The requested resource does not support http method '\(request.method.rawValue)'.")  // (unverified)
        }
        let resource = try authenticate(request, core: core)

        // api-version is checked after authentication; codes and messages (unverified).
        guard let version = request.queryValue("api-version") else {
            throw ACSError(.badRequest, "MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required for all requests.")
        }
        guard version == apiVersion else {
            throw ACSError(.badRequest, "UnsupportedApiVersion", "The HTTP resource that matches the request URI does not support the API version '\(version)'.")
        }
        guard request.headers[.contentType]?.lowercased().hasPrefix("application/json") == true else {
            throw ACSError(.unsupportedMediaType, "UnsupportedMediaType", "The request content type must be application/json.")  // (unverified)
        }
        let send = try SMSSendRequest(json: request.jsonBody)
        guard E164PhoneNumber.isValid(send.from) else {
            throw ACSError.badRequest("Invalid From phone number format.")  // 400 observed in SDK tests; message (unverified)
        }
        guard resource.phoneNumbers.contains(send.from) else {
            // 401 as the SDKs' live tests expect for a number the resource does not own; body (unverified).
            throw ACSError(.unauthorized, "Unauthorized", "The From phone number is not associated with this Communication Services resource.")
        }

        let now = core.now
        let wallClock = Date()
        var jobs: [SMSDeliveryJob] = []
        let results: [JSONValue] = core.withState { state in
            state.sms.pruneRepeatability(now: wallClock)
            return send.recipients.map { recipient -> JSONValue in
                let fingerprint = [send.from, recipient.to, send.message, send.options.fingerprint].joined(separator: "\u{0}")
                let decision = SMSRepeatability.decide(requestID: recipient.repeatabilityRequestID, firstSent: recipient.repeatabilityFirstSent,
                                                       fingerprint: fingerprint, resourceName: resource.name, records: state.sms.repeatability, now: wallClock)
                switch decision {
                case .replay(let original):
                    return original
                case .rejected(let status, let message):
                    return result(to: recipient.to, messageID: nil, status: status, repeatability: "rejected", error: message)
                case .notRequested, .new:
                    var answer: JSONValue
                    let repeatability: String? = decision == .notRequested ? nil : "accepted"
                    if E164PhoneNumber.isValid(recipient.to) {
                        let messageID = makeMessageID(now: now)
                        state.sms.outbox.append(SentSMS(provider: .azureCommunicationServices, account: resource.name, from: send.from, to: recipient.to,
                                                        body: send.message, messageID: messageID, tag: send.options.tag, sentAt: now,
                                                        deliveryReportRequested: send.options.enableDeliveryReport))
                        jobs.append(.azureCommunicationServices(messageID: messageID, resourceName: resource.name, rule: state.sms.deliveryRule(for: recipient.to)))
                        answer = result(to: recipient.to, messageID: messageID, status: 202, repeatability: repeatability, error: nil)
                    } else {
                        answer = result(to: recipient.to, messageID: nil, status: 400, repeatability: repeatability, error: "Invalid To phone number format.")
                    }
                    if case .new(let key, let firstSent) = decision {
                        state.sms.repeatability[key] = SMSRepeatabilityRecord(fingerprint: fingerprint, result: answer, firstSent: firstSent)
                    }
                    return answer
                }
            }
        }
        for job in jobs { core.smsDispatcher.enqueue(job) }
        return .json(["value": .array(results)], status: .accepted)
    }

    private static func authenticate(_ request: SimulatorRequest, core: SimulatorCore) throws(ACSError) -> SimulatedCommunicationResource {
        let pathAndQuery = request.path + (request.rawQuery.map { "?" + $0 } ?? "")
        let hmacRequest = CommunicationHMAC.Request(
            method: request.method.rawValue, pathAndQuery: pathAndQuery, host: request.authority,
            date: request.headers[HTTPField.Name("x-ms-date")!], contentHash: request.headers[HTTPField.Name("x-ms-content-sha256")!],
            authorization: request.headers[.authorization], body: request.body)
        let resources = core.withState { $0.sms.communicationResources }
        // Client-stamped `x-ms-date` is compared with the wall clock, not the simulated one: the
        // client signs with its own clock, which `advanceClock` does not move.
        switch CommunicationHMAC.authenticate(hmacRequest, resources: resources, now: Date()) {
        case .success(let resource):
            return resource
        case .failure:
            // Entra bearer tokens (`https://communication.azure.com//.default`) are not simulated and get the same 401.
            throw ACSError.denied
        }
    }

    /// `Outgoing_` + UTC `yyyyMMddHHmmss` + a GUID + `_noam`, the shape of real message IDs.
    static func makeMessageID(now: Date) -> String {
        let stamp = GraphDate.format(now).filter(\.isNumber)
        return "Outgoing_\(stamp)\(UUID().uuidString.lowercased())_noam"
    }

    private static func result(to: String, messageID: String?, status: Int, repeatability: String?, error: String?) -> JSONValue {
        var members: [(String, JSONValue)] = [("to", .string(to))]
        if let messageID { members.append(("messageId", .string(messageID))) }
        members.append(("httpStatusCode", .integer(status)))
        if let repeatability { members.append(("repeatabilityResult", .string(repeatability))) }
        members.append(("successful", .bool((200...299).contains(status))))
        if let error { members.append(("errorMessage", .string(error))) }
        return .object(members)
    }
}

/// The `SendMessageRequest` body, checked against the 2021-03-07 schema: `from`, `smsRecipients`
/// (1–100, each with `to`), `message` (string, at most 2048 characters — UTF-16 units, as .NET
/// counts; empty is allowed by the schema's `minLength: 0`), `smsSendOptions` (with the required
/// `enableDeliveryReport`). Unknown members are ignored. Messages are (unverified).
struct SMSSendRequest {
    struct Recipient {
        var to: String
        var repeatabilityRequestID: String?
        var repeatabilityFirstSent: String?
    }

    struct Options {
        var enableDeliveryReport = false
        var tag: String?
        var validityPeriodSeconds: Int?

        var fingerprint: String { "\(enableDeliveryReport)|\(tag ?? "")|\(validityPeriodSeconds.map(String.init) ?? "")" }
    }

    var from: String
    var recipients: [Recipient]
    var message: String
    var options: Options

    init(json: JSONValue?) throws(ACSError) {
        guard let json, json.objectValue != nil else { throw ACSError.badRequest("The request body must be a JSON object.") }
        func string(_ value: JSONValue?, _ name: String, required: Bool) throws(ACSError) -> String? {
            guard let value, !value.isNull else {
                if required { throw ACSError.badRequest("The \(name) field is required.") }
                return nil
            }
            guard let text = value.stringValue else { throw ACSError.badRequest("The \(name) field must be a string.") }
            return text
        }
        guard let from = try string(json["from"], "from", required: true) else { throw ACSError.badRequest("The from field is required.") }
        guard let list = json["smsRecipients"], !list.isNull else { throw ACSError.badRequest("The smsRecipients field is required.") }
        guard let entries = list.arrayValue else { throw ACSError.badRequest("The smsRecipients field must be an array.") }
        guard (1...SMSSendEndpoint.maximumRecipients).contains(entries.count) else {
            throw ACSError.badRequest("The smsRecipients field must hold between 1 and \(SMSSendEndpoint.maximumRecipients) recipients.")
        }
        var recipients: [Recipient] = []
        for entry in entries {
            guard entry.objectValue != nil, let to = try string(entry["to"], "smsRecipients.to", required: true) else {
                throw ACSError.badRequest("Each recipient must be an object with a to field.")
            }
            recipients.append(Recipient(to: to, repeatabilityRequestID: try string(entry["repeatabilityRequestId"], "repeatabilityRequestId", required: false),
                                        repeatabilityFirstSent: try string(entry["repeatabilityFirstSent"], "repeatabilityFirstSent", required: false)))
        }
        guard let message = try string(json["message"], "message", required: true) else { throw ACSError.badRequest("The message field is required.") }
        guard message.utf16.count <= SMSSendEndpoint.maximumMessageLength else {
            throw ACSError.badRequest("The message field must be at most \(SMSSendEndpoint.maximumMessageLength) characters long.")
        }
        var options = Options()
        if let value = json["smsSendOptions"], !value.isNull {
            guard value.objectValue != nil else { throw ACSError.badRequest("The smsSendOptions field must be an object.") }
            guard let flag = value["enableDeliveryReport"], !flag.isNull else {
                throw ACSError.badRequest("The enableDeliveryReport field is required.")
            }
            guard let enabled = flag.boolValue else { throw ACSError.badRequest("The enableDeliveryReport field must be a boolean.") }
            options.enableDeliveryReport = enabled
            options.tag = try string(value["tag"], "tag", required: false)
            if let period = value["validityPeriodSeconds"], !period.isNull {
                // int32 in the schema; the allowed range is (unverified): positive here.
                guard let seconds = period.intValue, seconds > 0, seconds <= Int(Int32.max) else {
                    throw ACSError.badRequest("The validityPeriodSeconds field must be a positive integer.")
                }
                options.validityPeriodSeconds = seconds
            }
        }
        self.from = from
        self.recipients = recipients
        self.message = message
        self.options = options
    }
}
