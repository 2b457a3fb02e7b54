import Foundation
import HTTPTypes

/// `grant_type=refresh_token`: new tokens for the same sign-in; the old refresh token is
/// replaced by a new one.
enum RefreshTokenRedemption {
    static func redeem(_ request: SimulatorRequest, form: [String: String], tenantSegment: String, core: SimulatorCore) throws(TokenError) -> JSONValue {
        guard let token = form["refresh_token"], !token.isEmpty else { throw TokenError.missingParameter("refresh_token") }
        let client = try ClientAuthentication.authenticate(request, form: form, tenantSegment: tenantSegment, core: core)
        let now = core.now
        let grant = core.withState { state -> RefreshTokenGrant? in
            guard let grant = state.refreshTokens[token], grant.clientID.lowercased() == client.application.clientID.lowercased() else { return nil }
            state.refreshTokens[token] = nil
            return grant
        }
        guard let grant else {
            throw TokenError(.badRequest, "invalid_grant", 9002313, "Invalid request. Request is malformed or invalid.")
        }
        guard now < grant.issuedAt.addingTimeInterval(RefreshTokenGrant.lifetime) else {
            throw TokenError(.badRequest, "invalid_grant", 700082, "The refresh token has expired due to inactivity. The token was issued on \(GraphDate.format(grant.issuedAt)) and was inactive for 90.00:00:00.")
        }
        // A refreshed ID token carries no nonce (OIDC Core §12.2).
        return try TokenResponse.forSignIn(grant.signIn, application: client.application, scopes: grant.scopes, nonce: nil, claims: grant.claims, core: core)
    }
}
