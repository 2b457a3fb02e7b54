public import Foundation

/// The portal's sign-in redirect (§2): authorization code with PKCE (S256), `state` and `nonce`.
public struct AuthorizationRequest: Sendable, Hashable {
    public enum ResponseMode: String, Sendable, Hashable {
        case query, fragment
        /// Recommended for web apps: the code arrives in a POST body, not in the URL.
        case formPost = "form_post"
    }

    public enum Prompt: String, Sendable, Hashable {
        case login, none, consent
        case selectAccount = "select_account"
    }

    public var redirectURI: URL
    public var scopes: [String]
    public var state: String
    public var nonce: String
    public var codeChallenge: String
    public var responseMode: ResponseMode
    public var prompt: Prompt?
    public var loginHint: String?
    /// The `claims` request parameter, e.g. `{"id_token":{"amr":{"essential":true,"values":["ngcmfa"]}}}`.
    public var claims: String?

    public init(
        redirectURI: URL, codeVerifier: PKCECodeVerifier, state: String, nonce: String,
        scopes: [String] = ["openid", "profile", "email"], responseMode: ResponseMode = .formPost,
        prompt: Prompt? = nil, loginHint: String? = nil, claims: String? = nil
    ) {
        self.redirectURI = redirectURI
        self.scopes = scopes
        self.state = state
        self.nonce = nonce
        self.codeChallenge = codeVerifier.s256Challenge
        self.responseMode = responseMode
        self.prompt = prompt
        self.loginHint = loginHint
        self.claims = claims
    }

    /// The URL to redirect the browser to.
    public func url(configuration: EntraConfiguration) -> URL {
        var fields = [
            ("client_id", configuration.clientID), ("response_type", "code"), ("redirect_uri", redirectURI.absoluteString),
            ("scope", scopes.joined(separator: " ")), ("response_mode", responseMode.rawValue), ("state", state), ("nonce", nonce),
            ("code_challenge", codeChallenge), ("code_challenge_method", "S256"),
        ]
        if let prompt { fields.append(("prompt", prompt.rawValue)) }
        if let loginHint { fields.append(("login_hint", loginHint)) }
        if let claims { fields.append(("claims", claims)) }
        let query = String(decoding: FormEncoding.encode(fields), as: UTF8.self)
        return URL(string: configuration.authorizationEndpoint.absoluteString + "?" + query)!
    }
}
