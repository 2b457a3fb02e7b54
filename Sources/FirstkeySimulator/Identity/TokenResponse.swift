import Foundation
import HTTPTypes

/// The token endpoint's answer to a user sign-in (code or refresh token redemption).
enum TokenResponse {
    static func forSignIn(_ signIn: SignIn, application: SimulatedApplication, scopes: [String], nonce: String?, claims: JSONValue?, core: SimulatorCore) throws(TokenError) -> JSONValue {
        guard let user = core.withState({ $0.users[signIn.userID] }) else {
            throw TokenError(.badRequest, "invalid_grant", 50034, "The user account does not exist in the \(core.configuration.tenantID) directory.")
        }
        // Graph's delegated scopes: the OIDC ones plus User.Read, which Entra adds by default.
        let oidcScopes = Set(["openid", "profile", "email", "offline_access"])
        var grantedScopes = scopes.filter { $0 != "offline_access" }
        if !grantedScopes.contains(where: { !oidcScopes.contains($0) }) {
            grantedScopes.append("https://graph.microsoft.com/User.Read")
        }
        let graphScopes = grantedScopes.filter { !oidcScopes.contains($0) }.map { $0.replacingOccurrences(of: "https://graph.microsoft.com/", with: "") }
        var members: [(String, JSONValue)]
        do {
            let accessToken = try TokenIssuer.delegatedAccessToken(for: user, application: application, scopes: graphScopes, signIn: signIn, core: core)
            members = [
                ("token_type", "Bearer"),
                ("scope", .string(grantedScopes.joined(separator: " "))),
                ("expires_in", .integer(Int(TokenIssuer.accessTokenLifetime))),
                ("ext_expires_in", .integer(Int(TokenIssuer.accessTokenLifetime))),
                ("access_token", .string(accessToken)),
            ]
            if scopes.contains("offline_access") {
                let refreshToken = TokenIssuer.uniqueTokenID() + TokenIssuer.uniqueTokenID()
                let now = core.now
                core.withState {
                    $0.refreshTokens[refreshToken] = RefreshTokenGrant(clientID: application.clientID, scopes: scopes, nonce: nonce, claims: claims, signIn: signIn, issuedAt: now)
                }
                members.append(("refresh_token", .string(refreshToken)))
            }
            if scopes.contains("openid") {
                let requestsAMR = claims?["id_token"]?["amr"] != nil
                let idToken = try TokenIssuer.idToken(for: user, application: application, nonce: nonce, claimsRequest: claims, requestsAMR: requestsAMR,
                                                      scopes: scopes, signIn: signIn, core: core)
                members.append(("id_token", .string(idToken)))
            }
        } catch {
            throw TokenError(.internalServerError, "server_error", 90100, "The simulator could not sign the token.")
        }
        return .object(members)
    }
}
