import Foundation

/// The answer to `POST /sms`: a 202 with one result per recipient (a multi-status inside the
/// 202), or a whole-request error `{"error":{"code","message"}}`.
struct ACSSendSMSResponse: Decodable {
    struct RecipientResult: Decodable {
        var to: String?
        var messageId: String?
        var httpStatusCode: Int?
        var successful: Bool?
        var errorMessage: String?
        var repeatabilityResult: String?
    }

    var value: [RecipientResult]

    struct ErrorBody: Decodable {
        struct Inner: Decodable {
            var code: String?
            var message: String?
        }

        var error: Inner?
    }

    /// The receipt for `message`, or the error its result or the whole answer means.
    static func interpret(_ response: DeliveryHTTPResponse, for message: DeliveryMessage, now: Date) -> Swift.Result<DeliveryReceipt, DeliveryError> {
        let masked = message.maskedRecipient
        func error(_ code: DeliveryError.Code, status: Int?, providerCode: String?, text: String?, isTransient: Bool? = nil, sent: Bool = false, detail: String? = nil) -> DeliveryError {
            DeliveryError(
                code, provider: .azureCommunicationServices, isTransient: isTransient, mayHaveBeenSent: sent, httpStatus: status, providerCode: providerCode,
                providerMessage: DeliveryError.scrub(text, removing: message.redactions), retryAfter: response.retryAfter(now: now),
                maskedRecipient: masked, detail: detail)
        }

        guard (200...299).contains(response.status) else {
            let body = try? JSONDecoder().decode(ErrorBody.self, from: Data(response.body))
            let code = Self.code(forStatus: response.status)
            // A 5xx may come after ACS took the message; the repeatability ID makes a retry safe.
            return .failure(error(code, status: response.status, providerCode: body?.error?.code, text: body?.error?.message, sent: response.status >= 500))
        }
        guard let decoded = try? JSONDecoder().decode(ACSSendSMSResponse.self, from: Data(response.body)) else {
            return .failure(error(.unexpectedResponse, status: response.status, providerCode: nil, text: nil, sent: true, detail: "the 2xx answer is not the documented JSON"))
        }
        let result = decoded.value.first { $0.to.map { Self.sameNumber($0, message.recipient) } ?? false } ?? (decoded.value.count == 1 ? decoded.value[0] : nil)
        guard let result else {
            return .failure(error(.unexpectedResponse, status: response.status, providerCode: nil, text: nil, sent: true, detail: "the answer has no result for the recipient"))
        }
        if result.successful == true, let id = result.messageId, !id.isEmpty {
            return .success(DeliveryReceipt(
                status: .accepted, provider: .azureCommunicationServices, channel: message.channel, providerMessageID: id,
                idempotencyKey: message.idempotencyKey, at: now))
        }
        let status = result.httpStatusCode ?? 0
        var code = Self.code(forStatus: status)
        if status == 400 { code = .invalidRecipient }
        // 412: the first-sent time is outside ACS's window (usually a skewed clock); a later retry is sent as new.
        let transient: Bool? = status == 412 ? true : nil
        let detail = status == 412 ? "ACS no longer remembers the first attempt (check the server clock against NTP)" : nil
        return .failure(error(code, status: status == 0 ? nil : status, providerCode: result.repeatabilityResult.map { "repeatability \($0)" },
                              text: result.errorMessage, isTransient: transient, detail: detail))
    }

    static func code(forStatus status: Int) -> DeliveryError.Code {
        switch status {
        case 401: .unauthorized
        case 403: .forbidden
        case 429: .throttled
        case 500...599: .providerUnavailable
        default: .rejected
        }
    }

    /// ACS may echo the number with or without `+`.
    static func sameNumber(_ a: String, _ b: String) -> Bool {
        a.filter(\.isNumber) == b.filter(\.isNumber)
    }
}
