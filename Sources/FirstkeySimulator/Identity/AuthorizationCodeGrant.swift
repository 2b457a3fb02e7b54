import Foundation
import HTTPTypes

/// `grant_type=authorization_code`: redeems a code from the login page once, within its life,
/// for the client and redirect URI it was issued to, proving the PKCE verifier.
///
/// Error numbers 54005 (redeemed), 70008 (expired), 9002313 (malformed) are widely observed;
/// 500112 (redirect mismatch) and 501481 (PKCE) are as observed, (unverified) in docs.
enum AuthorizationCodeGrant {
    static func redeem(_ request: SimulatorRequest, form: [String: String], tenantSegment: String, core: SimulatorCore) throws(TokenError) -> JSONValue {
        guard let codeValue = form["code"], !codeValue.isEmpty else { throw TokenError.missingParameter("code") }
        guard let redirectURI = form["redirect_uri"], !redirectURI.isEmpty else { throw TokenError.missingParameter("redirect_uri") }
        let client = try ClientAuthentication.authenticate(request, form: form, tenantSegment: tenantSegment, core: core)
        let now = core.now

        // Look up and consume in one step: a code is spent by any redemption attempt of its client.
        enum Lookup { case unknown, otherClient, redeemed, expired, ok(AuthorizationCode) }
        let lookup = core.withState { state -> Lookup in
            guard var code = state.authorizationCodes[codeValue] else { return .unknown }
            guard code.request.clientID.lowercased() == client.application.clientID.lowercased() else { return .otherClient }
            if code.redeemed { return .redeemed }
            if code.isExpired(at: now) { return .expired }
            code.redeemed = true
            state.authorizationCodes[codeValue] = code
            return .ok(code)
        }
        let code: AuthorizationCode
        switch lookup {
        case .unknown:
            throw TokenError(.badRequest, "invalid_grant", 9002313, "Invalid request. Request is malformed or invalid.")
        case .otherClient:
            throw TokenError(.badRequest, "invalid_grant", 70000, "Provided grant is invalid or malformed.")
        case .redeemed:
            throw TokenError(.badRequest, "invalid_grant", 54005, "OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.")
        case .expired:
            throw TokenError(.badRequest, "invalid_grant", 70008, "The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.")
        case .ok(let found):
            code = found
        }
        guard code.request.redirectURI == redirectURI else {
            throw TokenError(.badRequest, "invalid_grant", 500112,
                             "The reply address '\(redirectURI)' does not match the reply address '\(code.request.redirectURI)' provided when requesting Authorization code.")
        }
        if let challenge = code.request.codeChallenge {
            guard let verifier = form["code_verifier"], !verifier.isEmpty else {
                throw TokenError(.badRequest, "invalid_grant", 501481, "The Code_Verifier does not match the code_challenge supplied in the authorization request.")
            }
            guard PKCE.verifier(verifier, matches: challenge, method: code.request.codeChallengeMethod ?? "plain") else {
                throw TokenError(.badRequest, "invalid_grant", 501481, "The Code_Verifier does not match the code_challenge supplied in the authorization request.")
            }
        }
        return try TokenResponse.forSignIn(code.signIn, application: client.application, scopes: code.request.scopes, nonce: code.request.nonce,
                                           claims: code.request.claims, core: core)
    }
}
