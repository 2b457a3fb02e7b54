/// Twilio's status callbacks: which status changes a message goes through under a carrier rule
/// (Twilio sends no callback for the initial `queued`/`accepted`), and the form it POSTs for each.
enum TwilioStatusCallback {
    struct Step: Sendable, Equatable {
        var status: SentSMS.Status
        var errorCode: Int?
    }

    /// Through a Messaging Service the message starts `accepted` and reports `queued` first.
    static func steps(for rule: SMSDeliveryRule, throughMessagingService: Bool) -> [Step] {
        let start: [Step] = throughMessagingService ? [Step(status: .queued)] : []
        switch rule {
        case .delivered: return start + [Step(status: .sent), Step(status: .delivered)]
        case .undelivered(let code): return start + [Step(status: .sent), Step(status: .undelivered, errorCode: code)]
        case .failed(let code): return start + [Step(status: .failed, errorCode: code)]
        case .silent: return start + [Step(status: .sent)]
        }
    }

    /// `MessageSid`, `MessageStatus`, `ErrorCode` (failures only) plus `SmsSid`, `SmsStatus`,
    /// `AccountSid`, `From`, `To`, `ApiVersion` and `MessagingServiceSid` when one was used (that
    /// last list is (unverified)).
    static func parameters(message: SentSMS, accountSID: String, messagingServiceSID: String?, step: Step) -> [(name: String, value: String)] {
        var parameters: [(name: String, value: String)] = []
        if let code = step.errorCode { parameters.append(("ErrorCode", String(code))) }
        parameters += [
            ("SmsSid", message.messageID), ("SmsStatus", step.status.rawValue), ("MessageStatus", step.status.rawValue), ("To", message.to),
        ]
        if let messagingServiceSID { parameters.append(("MessagingServiceSid", messagingServiceSID)) }
        parameters += [("MessageSid", message.messageID), ("AccountSid", accountSID), ("From", message.from), ("ApiVersion", "2010-04-01")]
        return parameters
    }
}
