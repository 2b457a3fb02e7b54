import Foundation
import NIOHTTP1

/// Builds token-endpoint requests (RFC 6749 form posts) from plain values.
enum TokenRequest {
    /// How this request proves the client's identity.
    enum ClientProof: Sendable {
        case secret(EntraClientSecret)
        /// A signed client assertion (JWT).
        case assertion(String)

        var formFields: [(String, String)] {
            switch self {
            case .secret(let secret):
                [("client_secret", secret.value)]
            case .assertion(let assertion):
                [("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"), ("client_assertion", assertion)]
            }
        }
    }

    static func clientCredentials(configuration: EntraConfiguration, scope: String, proof: ClientProof) -> MicrosoftHTTPRequest {
        let fields = [("grant_type", "client_credentials"), ("client_id", configuration.clientID), ("scope", scope)] + proof.formFields
        return post(configuration.tokenEndpoint, fields: fields, operation: "token_client_credentials", idempotency: .idempotent)
    }

    /// Redeems a portal sign-in's code. Codes are single-use, so a failed send is not repeated
    /// blindly.
    static func authorizationCode(
        configuration: EntraConfiguration, code: String, redirectURI: URL, codeVerifier: PKCECodeVerifier, scopes: [String], proof: ClientProof
    ) -> MicrosoftHTTPRequest {
        let fields = [
            ("grant_type", "authorization_code"), ("client_id", configuration.clientID), ("code", code),
            ("redirect_uri", redirectURI.absoluteString), ("code_verifier", codeVerifier.value),
            ("scope", scopes.joined(separator: " ")),
        ] + proof.formFields
        return post(configuration.tokenEndpoint, fields: fields, operation: "token_authorization_code", idempotency: .notIdempotent)
    }

    private static func post(_ url: URL, fields: [(String, String)], operation: String, idempotency: MicrosoftHTTPRequest.Idempotency) -> MicrosoftHTTPRequest {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        headers.add(name: "Accept", value: "application/json")
        return MicrosoftHTTPRequest(method: .POST, url: url, headers: headers, body: FormEncoding.encode(fields), operation: operation, idempotency: idempotency)
    }
}
