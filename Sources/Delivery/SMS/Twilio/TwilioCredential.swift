/// How Firstkey authenticates to Twilio's REST API (§10). Neither secret ever prints.
public enum TwilioCredential: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The account's Auth Token (`AccountSid:AuthToken`).
    case authToken(String)
    /// An API key (`SK…`) and its secret, recommended: revocable on its own.
    case apiKey(sid: String, secret: String)

    public var description: String {
        switch self {
        case .authToken: "auth token <redacted>"
        case .apiKey(let sid, _): "API key \(sid) <redacted>"
        }
    }

    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["credential": description]) }
}
