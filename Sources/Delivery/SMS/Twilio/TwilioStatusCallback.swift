/// Twilio's status callback for a message: a form POST with `MessageSid`, `MessageStatus` and,
/// on failure, `ErrorCode` (§10). Check `X-Twilio-Signature` first (`TwilioRequestValidator`).
public enum TwilioStatusCallback {
    /// The report in a callback body, or nil when it names no message.
    public static func parse(formBody: [UInt8]) -> DeliveryStatusReport? {
        parse(parameters: FormEncoding.decode(String(decoding: formBody, as: UTF8.self)))
    }

    public static func parse(parameters: [(String, String)]) -> DeliveryStatusReport? {
        func value(_ name: String) -> String? { parameters.first { $0.0 == name }?.1 }
        guard let sid = value("MessageSid") ?? value("SmsSid"), !sid.isEmpty else { return nil }
        let providerStatus = value("MessageStatus") ?? value("SmsStatus") ?? ""
        let errorCode = value("ErrorCode").flatMap { $0.isEmpty ? nil : $0 }
        let status: DeliveryReceipt.Status
        switch providerStatus.lowercased() {
        case "delivered", "read": status = .delivered
        case "failed", "undelivered", "canceled": status = .failed(reason: reason(status: providerStatus, errorCode: errorCode))
        default: status = .accepted
        }
        return DeliveryStatusReport(
            provider: .twilio, providerMessageID: sid, status: status, providerStatus: providerStatus, providerErrorCode: errorCode,
            maskedRecipient: value("To").map(RecipientMask.mask))
    }

    /// Twilio's status and error code in words; the common delivery errors explained.
    static func reason(status: String, errorCode: String?) -> String {
        guard let errorCode else { return "Twilio reports the SMS as \(status)" }
        let explanation: String? = switch errorCode {
        case "30003": "the handset is unreachable (switched off or out of coverage)"
        case "30004": "the message was blocked (the recipient or carrier blocks it)"
        case "30005": "the number is unknown or no longer in use"
        case "30006": "the number is a landline or the carrier cannot be reached"
        case "30007": "the carrier filtered the message"
        case "30008": "an unknown delivery error"
        case "21610": "the recipient has unsubscribed (replied STOP)"
        case "21614": "the number is not a mobile number"
        default: nil
        }
        return "Twilio reports the SMS as \(status) (error \(errorCode)\(explanation.map { ": \($0)" } ?? ""))"
    }
}
