import Foundation
import HTTPTypes

/// `POST /2010-04-01/Accounts/{AccountSid}/Messages.json` (form-encoded) and
/// `GET /2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json`: Twilio's Message resource.
///
/// Checks, in this order (Twilio's own order is (unverified)): credentials (401 20003), `To`
/// present (21604) and E.164 (21211), a sender (21603), `MessagingServiceSid` shape (21705) and
/// existence (21701), `From` shape (21212) and ownership (21606), `Body` present (21602) and at
/// most 1600 characters (21617), `To` ≠ `From` (21266), `StatusCallback` an absolute http(s) URL
/// (21609), `ValidityPeriod` 1–36000 (21624).
enum TwilioMessagesEndpoint {
    static let maximumBodyLength = 1600

    static func handle(_ request: SimulatorRequest, core: SimulatorCore) -> SimulatorResponse {
        do throws(TwilioError) {
            return try route(request, core: core)
        } catch {
            return error.response
        }
    }

    private static func route(_ request: SimulatorRequest, core: SimulatorCore) throws(TwilioError) -> SimulatorResponse {
        let segments = request.segments
        guard segments.count >= 3, segments[0] == "2010-04-01", segments[1] == "Accounts" else { throw TwilioError.notFound(request.path) }
        let accountSID = segments[2]
        let account = core.withState { $0.sms.twilioAccounts[accountSID] }
        guard let account, TwilioAuthentication.authenticates(request.headers[.authorization], for: account) else { throw TwilioError.authenticate }
        switch (request.method, Array(segments.dropFirst(3))) {
        case (.post, ["Messages.json"]):
            return try create(request, account: account, core: core)
        case (.get, let rest) where rest.count == 2 && rest[0] == "Messages" && rest[1].hasSuffix(".json"):
            let sid = String(rest[1].dropLast(5))
            let found = core.withState { state in state.sms.twilioMessages[sid].flatMap { record in state.sms.message(id: sid).map { (record, $0) } } }
            guard let (record, message) = found, record.accountSID == account.accountSID else { throw TwilioError.notFound(request.path) }
            return .json(record.json(message, asCreated: false))
        default:
            throw TwilioError.notFound(request.path)
        }
    }

    private static func create(_ request: SimulatorRequest, account: SimulatedTwilioAccount, core: SimulatorCore) throws(TwilioError) -> SimulatorResponse {
        let fields = request.formFields ?? []
        func field(_ name: String) -> String? {
            fields.last { $0.name == name }.map(\.value).flatMap { $0.isEmpty ? nil : $0 }
        }
        guard let to = field("To") else { throw TwilioError(.badRequest, 21604, "A 'To' phone number is required.") }
        guard E164PhoneNumber.isValid(to) else { throw TwilioError(.badRequest, 21211, "The 'To' number \(to) is not a valid phone number.") }

        var service: SimulatedTwilioAccount.MessagingService?
        let requestedFrom = field("From")
        if let serviceSID = field("MessagingServiceSid") {
            guard TwilioSID.isValid(serviceSID, prefix: "MG") else { throw TwilioError(.badRequest, 21705, "The Messaging Service Sid \(serviceSID) is invalid.") }
            guard let found = account.messagingServices.first(where: { $0.sid == serviceSID }) else {
                throw TwilioError(.badRequest, 21701, "The Messaging Service Sid \(serviceSID) does not exist or does not belong to this account.")
            }
            service = found
        } else if requestedFrom == nil {
            throw TwilioError(.badRequest, 21603, "A 'From' phone number is required.")
        }
        let from: String
        if let requestedFrom {
            guard isSenderShape(requestedFrom) else {
                throw TwilioError(.badRequest, 21212, "The 'From' number \(requestedFrom) is not a valid phone number, shortcode, or alphanumeric sender ID.")
            }
            guard account.phoneNumbers.contains(requestedFrom) || (service?.phoneNumbers.contains(requestedFrom) ?? false) else {
                throw TwilioError(.badRequest, 21606, "The From phone number \(requestedFrom) is not a valid, SMS-capable inbound phone number or short code for your account.")
            }
            from = requestedFrom
        } else if let first = service?.phoneNumbers.first {
            from = first
        } else {
            throw TwilioError(.badRequest, 21704, "The Messaging Service contains no phone numbers.")  // (unverified)
        }
        guard let body = field("Body") else { throw TwilioError(.badRequest, 21602, "Message body is required.") }
        // "1600 characters": counted here as Unicode scalars (unverified).
        guard body.unicodeScalars.count <= maximumBodyLength else {
            throw TwilioError(.badRequest, 21617, "The concatenated message body exceeds the \(maximumBodyLength) character limit.")
        }
        guard to != from else { throw TwilioError(.badRequest, 21266, "'To' and 'From' number cannot be the same: \(to)") }
        let statusCallback = field("StatusCallback") ?? service?.statusCallback
        if let callback = field("StatusCallback") {
            guard let components = URLComponents(string: callback), ["http", "https"].contains(components.scheme?.lowercased() ?? ""),
                  components.host?.isEmpty == false
            else { throw TwilioError(.badRequest, 21609, "The StatusCallback URL \(callback) is not a valid URL.") }
        }
        if let period = field("ValidityPeriod") {
            guard let seconds = Int(period), (1...36000).contains(seconds) else {
                throw TwilioError(.badRequest, 21624, "Invalid validity period value. Validity period can only be set to integers between 1 and 36,000 seconds.")
            }
        }

        let now = core.now
        let sid = TwilioSID.make("SM")
        let message = SentSMS(provider: .twilio, account: account.accountSID, from: from, to: to, body: body, messageID: sid, sentAt: now,
                              status: service != nil ? .accepted : .queued, statusCallback: statusCallback)
        let record = TwilioMessageRecord(accountSID: account.accountSID, messagingServiceSID: service?.sid, senderChosenLater: requestedFrom == nil,
                                         numSegments: SMSSegments.count(body), dateCreated: now, dateUpdated: now)
        let rule = core.withState { state -> SMSDeliveryRule in
            state.sms.outbox.append(message)
            state.sms.twilioMessages[sid] = record
            return state.sms.deliveryRule(for: to)
        }
        core.smsDispatcher.enqueue(.twilio(messageSID: sid, rule: rule))
        return .json(record.json(message, asCreated: true), status: .created)
    }

    /// E.164, a short code (5–6 digits) or an alphanumeric sender ID (1–11 letters, digits,
    /// spaces, at least one letter).
    static func isSenderShape(_ from: String) -> Bool {
        if from.hasPrefix("+") { return E164PhoneNumber.isValid(from) }
        if from.allSatisfy(\.isASCII), from.allSatisfy(\.isNumber) { return (5...6).contains(from.count) }
        return (1...11).contains(from.count) && from.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == " ") } && from.contains(where: \.isLetter)
    }
}
