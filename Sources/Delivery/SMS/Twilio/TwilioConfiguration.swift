public import Foundation

/// Settings for sending SMS through Twilio.
public struct TwilioConfiguration: Sendable {
    public var accountSID: String
    public var credential: TwilioCredential
    public var sender: TwilioSender
    /// Where Twilio POSTs status callbacks (overrides the Messaging Service's). The server checks
    /// `X-Twilio-Signature` against this exact URL (`TwilioRequestValidator`).
    public var statusCallback: URL?
    /// `ValidityPeriod`: how long Twilio keeps trying (1…36000 s).
    public var validityPeriod: Duration?
    /// Default `https://api.twilio.com`; plain http only on loopback.
    public var baseURL: URL
    public var requestTimeout: Duration

    public init(
        accountSID: String, credential: TwilioCredential, sender: TwilioSender, statusCallback: URL? = nil, validityPeriod: Duration? = nil,
        baseURL: URL = URL(string: "https://api.twilio.com")!, requestTimeout: Duration = .seconds(30)
    ) throws(DeliveryError) {
        func invalid(_ detail: String) -> DeliveryError { DeliveryError(.invalidConfiguration, provider: .twilio, detail: detail) }
        guard Self.isSID(accountSID, prefix: "AC") else { throw invalid("the Account SID must be AC followed by 32 hex digits") }
        switch credential {
        case .authToken(let token):
            guard !token.isEmpty else { throw invalid("the auth token is empty") }
        case .apiKey(let sid, let secret):
            guard Self.isSID(sid, prefix: "SK") else { throw invalid("the API key SID must be SK followed by 32 hex digits") }
            guard !secret.isEmpty else { throw invalid("the API key secret is empty") }
        }
        switch sender {
        case .phoneNumber(let number):
            guard !number.trimmingWhitespace.isEmpty else { throw invalid("the sender number is empty") }
        case .messagingService(let sid):
            guard Self.isSID(sid, prefix: "MG") else { throw invalid("the Messaging Service SID must be MG followed by 32 hex digits") }
        }
        if let statusCallback {
            guard let scheme = statusCallback.scheme?.lowercased(), scheme == "https" || scheme == "http" else {
                throw invalid("the status callback must be an http(s) URL")
            }
        }
        if let validityPeriod, !(Duration.seconds(1)...Duration.seconds(36_000)).contains(validityPeriod) {
            throw invalid("the validity period must be between 1 and 36000 seconds")
        }
        guard let scheme = baseURL.scheme?.lowercased(), let host = baseURL.host,
              scheme == "https" || (scheme == "http" && LoopbackHost.contains(host))
        else { throw invalid("the API base URL must use https") }
        self.accountSID = accountSID
        self.credential = credential
        self.sender = sender
        self.statusCallback = statusCallback
        self.validityPeriod = validityPeriod
        self.baseURL = baseURL
        self.requestTimeout = requestTimeout
    }

    static func isSID(_ text: String, prefix: String) -> Bool {
        text.count == 34 && text.hasPrefix(prefix) && text.dropFirst(2).allSatisfy(\.isHexDigit)
    }
}
