import Foundation
import HTTPTypes

/// Who is calling the token endpoint: the client ID with its secret (form field or HTTP Basic,
/// RFC 6749 §2.3.1) or its certificate-signed assertion, checked against the app registration.
struct ClientAuthentication {
    static let assertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"

    let application: SimulatedApplication
    let credential: ClientCredentialKind

    /// Authenticates the client of a token request; `form` is the request body.
    static func authenticate(_ request: SimulatorRequest, form: [String: String], tenantSegment: String, core: SimulatorCore) throws(TokenError) -> ClientAuthentication {
        var basicID: String?
        var basicSecret: String?
        if let authorization = request.headers[.authorization], authorization.lowercased().hasPrefix("basic ") {
            guard let decoded = Data(base64Encoded: String(authorization.dropFirst(6)).trimmingCharacters(in: .whitespaces)),
                  let text = String(data: decoded, encoding: .utf8), let colon = text.firstIndex(of: ":")
            else {
                throw TokenError(.unauthorized, "invalid_client", 9002313, "Invalid request. Request is malformed or invalid.")
            }
            // Both halves are form-encoded before Base64 (RFC 6749 §2.3.1).
            basicID = FormEncoding.percentDecode(String(text[..<colon]), plusAsSpace: true)
            basicSecret = FormEncoding.percentDecode(String(text[text.index(after: colon)...]), plusAsSpace: true)
        }
        if let basicID, let formID = form["client_id"], basicID != formID {
            // (unverified) code: Entra's answer to two different client IDs.
            throw TokenError(.badRequest, "invalid_request", 9002313, "Invalid request. Request is malformed or invalid.")
        }
        guard let clientID = form["client_id"] ?? basicID, !clientID.isEmpty else {
            throw TokenError.missingParameter("client_id")
        }
        guard let application = core.withState({ $0.applications[clientID.lowercased()] }) else {
            // Observed in the wild as `unauthorized_client`, HTTP 400.
            throw TokenError(.badRequest, "unauthorized_client", 700016,
                             "Application with identifier '\(clientID)' was not found in the directory '\(tenantSegment)'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.")
        }

        let formSecret = form["client_secret"]
        let assertion = form["client_assertion"]
        if formSecret != nil, basicSecret != nil {
            throw TokenError(.badRequest, "invalid_request", 9002313, "Invalid request. Request is malformed or invalid.")
        }
        let secret = formSecret ?? basicSecret
        if secret != nil, assertion != nil {
            // (unverified) code for sending both credentials.
            throw TokenError(.badRequest, "invalid_request", 9002313, "Invalid request. Request is malformed or invalid.")
        }
        if let secret {
            // Mapping (unverified): observed in the wild as `invalid_client`, HTTP 401.
            guard application.secrets.contains(where: { constantTimeEqual($0, secret) }) else {
                throw TokenError(.unauthorized, "invalid_client", 7000215,
                                 "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '\(application.clientID)'.")
            }
            return ClientAuthentication(application: application, credential: .secret)
        }
        if let assertion {
            guard let type = form["client_assertion_type"] else { throw TokenError.missingParameter("client_assertion_type") }
            guard type == assertionType else {
                // (unverified) code for a wrong assertion type.
                throw TokenError(.badRequest, "invalid_request", 9002313, "Invalid request. Request is malformed or invalid. 'client_assertion_type' must be '\(assertionType)'.")
            }
            try ClientAssertionValidator.validate(assertion, for: application, tenantSegment: tenantSegment, requestBaseURL: request.baseURL, core: core)
            return ClientAuthentication(application: application, credential: .certificate)
        }
        throw TokenError(.unauthorized, "invalid_client", 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.")
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let left = Array(a.utf8)
        let right = Array(b.utf8)
        guard left.count == right.count else { return false }
        var difference: UInt8 = 0
        for index in left.indices { difference |= left[index] ^ right[index] }
        return difference == 0
    }
}
