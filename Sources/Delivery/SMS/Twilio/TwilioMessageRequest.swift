import Foundation

/// `POST /2010-04-01/Accounts/{AccountSid}/Messages.json` for one message (§10). Pure.
public struct TwilioMessageRequest: Sendable {
    /// Twilio refuses longer bodies.
    public static let maximumBodyLength = 1600

    public var request: DeliveryHTTPRequest
    /// The form fields, in the order sent.
    public var fields: [(String, String)]

    public init(message: DeliveryMessage, configuration: TwilioConfiguration) throws(DeliveryError) {
        var fields = [("To", message.recipient)]
        switch configuration.sender {
        case .phoneNumber(let number): fields.append(("From", number))
        case .messagingService(let sid): fields.append(("MessagingServiceSid", sid))
        }
        fields.append(("Body", message.text))
        if let callback = configuration.statusCallback { fields.append(("StatusCallback", callback.absoluteString)) }
        if let validity = configuration.validityPeriod { fields.append(("ValidityPeriod", String(validity.components.seconds))) }
        self.fields = fields

        var base = configuration.baseURL.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        guard let url = URL(string: "\(base)/2010-04-01/Accounts/\(configuration.accountSID)/Messages.json") else {
            throw DeliveryError(.invalidConfiguration, provider: .twilio, detail: "the API base URL does not form a URL")
        }
        let user: String, password: String
        switch configuration.credential {
        case .authToken(let token): (user, password) = (configuration.accountSID, token)
        case .apiKey(let sid, let secret): (user, password) = (sid, secret)
        }
        request = DeliveryHTTPRequest(
            method: "POST", url: url,
            headers: [
                DeliveryHTTPHeader("Content-Type", "application/x-www-form-urlencoded"),
                DeliveryHTTPHeader("Accept", "application/json"),
                DeliveryHTTPHeader("Authorization", "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()),
            ],
            body: Array(FormEncoding.encode(fields).utf8))
    }
}
