/// What a portal sign-in's code redemption returns. Printing it shows no token.
public struct AuthorizationCodeTokens: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public let accessToken: EntraAccessToken
    /// The raw ID token, to be checked with `IDTokenValidator` before any use.
    public let idToken: String?

    public var description: String { "authorization code tokens (\(idToken == nil ? "no ID token" : "with ID token"))" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["accessToken": accessToken]) }
}
