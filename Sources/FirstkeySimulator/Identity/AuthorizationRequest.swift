import Foundation
import HTTPTypes

/// A validated `GET /{tenant}/oauth2/v2.0/authorize` waiting for the test login page.
struct AuthorizationRequest: Sendable {
    enum ResponseMode: String, Sendable {
        case query, fragment
        case formPost = "form_post"
    }

    var id: String
    var clientID: String
    var redirectURI: String
    var responseMode: ResponseMode
    var scopes: [String]
    var state: String?
    var nonce: String?
    var codeChallenge: String?
    /// `S256` or `plain` (the default when a challenge comes without a method).
    var codeChallengeMethod: String?
    var prompt: String?
    var loginHint: String?
    /// The `claims` request parameter, parsed.
    var claims: JSONValue?
    var createdAt: Date

    /// Whether the claims request asks for `amr` in the ID token (the only way a v2.0 ID token carries it).
    var requestsAuthenticationMethodsInIDToken: Bool {
        claims?["id_token"]?["amr"] != nil
    }

    /// `amr` values the claims request names (`values` or `value`), to prefill the login page.
    var requestedAuthenticationMethods: [String] {
        guard let amr = claims?["id_token"]?["amr"] else { return [] }
        if let values = amr["values"]?.arrayValue { return values.compactMap(\.stringValue) }
        return amr["value"]?.stringValue.map { [$0] } ?? []
    }

    /// `acrs` values the claims request asks for (access or ID token).
    var requestedAuthenticationContexts: [String] {
        var result: [String] = []
        for token in ["access_token", "id_token"] {
            guard let acrs = claims?[token]?["acrs"] else { continue }
            if let values = acrs["values"]?.arrayValue { result += values.compactMap(\.stringValue) }
            if let value = acrs["value"]?.stringValue { result.append(value) }
        }
        return result
    }
}
