import Crypto
public import Foundation

/// The `POST /sms?api-version=2021-03-07` request for one message (§9), signed. Pure.
///
/// Repeatability: the recipient carries `repeatabilityFirstSent` (the message's first attempt,
/// while that is within the window, else now) and a `repeatabilityRequestId` derived from the
/// idempotency key, the recipient and that first-sent value. A retry within the window repeats
/// both exactly, so ACS answers with the first result instead of sending again; after the window
/// (ACS has forgotten the ID) the retry is a new request.
public struct ACSSendSMSRequest: Sendable {
    public static let apiVersion = "2021-03-07"
    /// ACS refuses longer messages.
    public static let maximumMessageLength = 2048

    public var request: DeliveryHTTPRequest
    public var repeatabilityRequestID: String
    public var repeatabilityFirstSent: String

    struct Body: Encodable {
        struct Recipient: Encodable {
            var to: String
            var repeatabilityRequestId: String
            var repeatabilityFirstSent: String
        }

        struct Options: Encodable {
            var enableDeliveryReport: Bool
            var tag: String?
            var validityPeriodSeconds: Int?
        }

        var from: String
        var smsRecipients: [Recipient]
        var message: String
        var smsSendOptions: Options
    }

    public init(message: DeliveryMessage, configuration: ACSSMSConfiguration, now: Date) throws(DeliveryError) {
        let firstSentDate: Date
        let age = now.timeIntervalSince(message.firstAttemptAt)
        if age >= -60, age <= configuration.repeatabilityWindow.secondsDouble {
            firstSentDate = min(message.firstAttemptAt, now)
        } else {
            firstSentDate = now
        }
        repeatabilityFirstSent = HTTPDate.format(firstSentDate)
        repeatabilityRequestID = Self.repeatabilityRequestID(key: message.idempotencyKey, recipient: message.recipient, firstSent: repeatabilityFirstSent)

        let body = Body(
            from: configuration.from,
            smsRecipients: [.init(to: message.recipient, repeatabilityRequestId: repeatabilityRequestID, repeatabilityFirstSent: repeatabilityFirstSent)],
            message: message.text,
            smsSendOptions: .init(
                enableDeliveryReport: configuration.enableDeliveryReport, tag: message.tag.isEmpty ? nil : message.tag,
                validityPeriodSeconds: configuration.validityPeriod.map { Int($0.components.seconds) }))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let bytes: [UInt8]
        do {
            bytes = Array(try encoder.encode(body))
        } catch {
            throw DeliveryError(.invalidMessage, provider: .azureCommunicationServices, detail: "the request could not be encoded")
        }
        let pathAndQuery = "/sms?api-version=\(Self.apiVersion)"
        guard let url = URL(string: configuration.connectionString.endpoint.absoluteString + pathAndQuery) else {
            throw DeliveryError(.invalidConfiguration, provider: .azureCommunicationServices, detail: "the endpoint does not form a URL")
        }
        let signer = ACSRequestSigner(connectionString: configuration.connectionString)
        var headers = [DeliveryHTTPHeader("Content-Type", "application/json"), DeliveryHTTPHeader("Accept", "application/json")]
        headers += signer.headers(method: "POST", pathAndQuery: Self.pathAndQuery(of: url, host: signer.host), body: bytes, date: now)
        headers.append(DeliveryHTTPHeader("x-ms-client-request-id", UUID().uuidString.lowercased()))
        headers.append(DeliveryHTTPHeader("x-ms-return-client-request-id", "true"))
        request = DeliveryHTTPRequest(method: "POST", url: url, headers: headers, body: bytes)
    }

    /// Everything after `scheme://host`, as the SDK signs it.
    static func pathAndQuery(of url: URL, host: String) -> String {
        let text = url.absoluteString
        guard let schemeEnd = text.range(of: "://") else { return url.path }
        return String(text[schemeEnd.upperBound...].dropFirst(host.count))
    }

    /// A GUID from SHA-256 of the key, recipient and first-sent value (RFC 9562 version 8 bits).
    public static func repeatabilityRequestID(key: DeliveryIdempotencyKey, recipient: String, firstSent: String) -> String {
        var bytes = Array(SHA256.hash(data: Data("firstkey-acs-sms\n\(key.rawValue)\n\(recipient)\n\(firstSent)".utf8)).prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x80
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = bytes.map { String($0, radix: 16).leftPadded(to: 2) }.joined()
        let h = Array(hex)
        return [h[0..<8], h[8..<12], h[12..<16], h[16..<20], h[20..<32]].map { String($0) }.joined(separator: "-")
    }
}
