import Foundation

/// The answer to creating a message: 201 with the message resource, or an error
/// `{"code","message","more_info","status"}` (§10).
struct TwilioMessageResponse: Decodable {
    var sid: String?
    var status: String?
    var error_code: Int?
    var error_message: String?

    struct ErrorBody: Decodable {
        var code: Int?
        var message: String?
        var more_info: String?
        var status: Int?
    }

    static func interpret(_ response: DeliveryHTTPResponse, for message: DeliveryMessage, now: Date) -> Swift.Result<DeliveryReceipt, DeliveryError> {
        guard (200...299).contains(response.status) else {
            let body = try? JSONDecoder().decode(ErrorBody.self, from: Data(response.body))
            let code = Self.code(status: response.status, twilioCode: body?.code)
            return .failure(DeliveryError(
                code, provider: .twilio, mayHaveBeenSent: response.status >= 500, httpStatus: response.status,
                providerCode: body?.code.map(String.init), providerMessage: DeliveryError.scrub(body?.message, removing: message.redactions),
                moreInfo: body?.more_info, retryAfter: response.retryAfter(now: now), maskedRecipient: message.maskedRecipient))
        }
        guard let decoded = try? JSONDecoder().decode(TwilioMessageResponse.self, from: Data(response.body)), let sid = decoded.sid, !sid.isEmpty else {
            return .failure(DeliveryError(
                .unexpectedResponse, provider: .twilio, mayHaveBeenSent: true, httpStatus: response.status, maskedRecipient: message.maskedRecipient,
                detail: "the 2xx answer has no message SID"))
        }
        let status: DeliveryReceipt.Status
        switch decoded.status?.lowercased() {
        case "failed", "undelivered", "canceled":
            status = .failed(reason: TwilioStatusCallback.reason(status: decoded.status ?? "failed", errorCode: decoded.error_code.map(String.init)))
        case "delivered":
            status = .delivered
        default:
            status = .accepted
        }
        return .success(DeliveryReceipt(status: status, provider: .twilio, channel: message.channel, providerMessageID: sid, idempotencyKey: message.idempotencyKey, at: now))
    }

    static func code(status: Int, twilioCode: Int?) -> DeliveryError.Code {
        switch (status, twilioCode) {
        case (_, 21211), (_, 21614), (_, 21217): .invalidRecipient
        case (_, 20003), (401, _): .unauthorized
        case (_, 21408), (403, _): .forbidden
        case (_, 20429), (429, _): .throttled
        case (500...599, _): .providerUnavailable
        default: .rejected
        }
    }
}
