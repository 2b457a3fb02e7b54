import Foundation
import HTTPTypes

/// `GET /{tenant}/oauth2/v2.0/authorize`: validates the request like Entra, then shows the test
/// login page instead of a real sign-in. Errors about the client or the redirect URI are shown
/// as a page (there is nowhere safe to redirect); the rest go back to the redirect URI.
enum AuthorizeEndpoint {
    static func handle(_ request: SimulatorRequest, tenantSegment: String, core: SimulatorCore) -> SimulatorResponse {
        let parameters: [(name: String, value: String)] = request.method == .post ? (request.formFields ?? []) : request.query
        var values: [String: String] = [:]
        for parameter in parameters where values[parameter.name] == nil { values[parameter.name] = parameter.value }

        guard core.isThisTenant(tenantSegment) || IdentityRouter.isKnownTenantAlias(tenantSegment) else {
            return LoginPage.errorPage(code: 90002, message: "Tenant '\(tenantSegment)' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.")
        }
        guard let clientID = values["client_id"], !clientID.isEmpty else {
            return LoginPage.errorPage(code: 900144, message: "The request body must contain the following parameter: 'client_id'.")
        }
        guard let application = core.withState({ $0.applications[clientID.lowercased()] }) else {
            return LoginPage.errorPage(code: 700016, message: "Application with identifier '\(clientID)' was not found in the directory '\(tenantSegment)'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.")
        }
        guard let redirectURI = values["redirect_uri"], !redirectURI.isEmpty else {
            return LoginPage.errorPage(code: 900144, message: "The request body must contain the following parameter: 'redirect_uri'.")
        }
        guard application.redirectURIs.contains(redirectURI) else {
            return LoginPage.errorPage(code: 50011, message: "The redirect URI '\(redirectURI)' specified in the request does not match the redirect URIs configured for the application '\(application.clientID)'. Make sure the redirect URI sent in the request matches one added to your application in the Azure portal.")
        }

        let state = values["state"]
        let modeText = values["response_mode"] ?? "query"
        guard let responseMode = AuthorizationRequest.ResponseMode(rawValue: modeText) else {
            return AuthorizationResponse.error(to: redirectURI, mode: .query, state: state, error: "invalid_request", code: 90022,
                                               message: "The provided value for the input parameter 'response_mode' is not valid. Expected values are 'query', 'fragment' or 'form_post'.")
        }
        func fail(_ error: String, _ code: Int, _ message: String) -> SimulatorResponse {
            AuthorizationResponse.error(to: redirectURI, mode: responseMode, state: state, error: error, code: code, message: message)
        }

        guard let responseType = values["response_type"], !responseType.isEmpty else {
            return fail("invalid_request", 900144, "The request body must contain the following parameter: 'response_type'.")
        }
        guard responseType == "code" else {
            // Implicit and hybrid flows are not enabled on simulated apps.
            return fail("unsupported_response_type", 700054, "response_type '\(responseType)' is not enabled for the application.")
        }
        guard let scopeText = values["scope"], !scopeText.trimmingCharacters(in: .whitespaces).isEmpty else {
            return fail("invalid_request", 900144, "The request body must contain the following parameter: 'scope'.")
        }
        let scopes = scopeText.split(separator: " ").map(String.init)

        var challenge = values["code_challenge"]
        var method = values["code_challenge_method"]
        if challenge?.isEmpty == true { challenge = nil }
        if let challenge {
            let chosen = method ?? "plain"
            guard chosen == "S256" || chosen == "plain" else {
                return fail("invalid_request", 501492, "Invalid value for Code_Challenge_Method parameter.")  // number (unverified)
            }
            let validSize = chosen == "S256" ? challenge.utf8.count == 43 : (43...128).contains(challenge.utf8.count)
            guard validSize else {
                return fail("invalid_request", 501491, "Invalid size of Code_Challenge parameter.")
            }
            method = chosen
        } else if method != nil {
            return fail("invalid_request", 501491, "Invalid size of Code_Challenge parameter.")  // method without challenge (unverified)
        }

        var claims: JSONValue?
        if let claimsText = values["claims"], !claimsText.isEmpty {
            guard let parsed = JSONValue(parsing: claimsText), parsed.objectValue != nil else {
                return fail("invalid_request", 90019, "The claims request parameter is not valid JSON.")  // number (unverified)
            }
            claims = parsed
        }
        let prompt = values["prompt"]
        if prompt == "none" {
            // The simulator keeps no browser session, so a silent request can never succeed.
            return fail("login_required", 50058, "A silent sign-in request was sent but no user is signed in.")
        }
        if let prompt, !["login", "consent", "select_account", "create"].contains(prompt) {
            return fail("invalid_request", 90023, "Invalid prompt value '\(prompt)'.")  // number (unverified)
        }

        let pending = AuthorizationRequest(id: UUID().uuidString.lowercased(), clientID: application.clientID, redirectURI: redirectURI, responseMode: responseMode,
                                           scopes: scopes, state: state, nonce: values["nonce"], codeChallenge: challenge, codeChallengeMethod: method,
                                           prompt: prompt, loginHint: values["login_hint"], claims: claims, createdAt: core.now)
        let knownUsers = core.withState { state in
            state.pendingAuthorizations[pending.id] = pending
            return state.orderedUsers.map(\.userPrincipalName)
        }
        return LoginPage.render(pending, tenantSegment: tenantSegment, application: application, knownUsers: knownUsers, error: nil)
    }
}
