import Foundation
import HTTPTypes

/// `grant_type=client_credentials`: one resource's `/.default` scope → an app-only token whose
/// `roles` are the app's granted permissions. No refresh token.
enum ClientCredentialsGrant {
    static func issue(form: [String: String], client: ClientAuthentication, tenantSegment: String, core: SimulatorCore) throws(TokenError) -> JSONValue {
        guard let scope = form["scope"]?.trimmingCharacters(in: .whitespaces), !scope.isEmpty else {
            throw TokenError.missingParameter("scope")
        }
        let scopes = scope.split(separator: " ").map(String.init)
        guard scopes.count == 1, let only = scopes.first, only.hasSuffix("/.default") else {
            throw TokenError(.badRequest, "invalid_scope", 70011,
                             "The provided request must include a 'scope' input parameter. The provided value for the input parameter 'scope' is not valid. The scope \(scope) is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).")
        }
        let resource = String(only.dropLast("/.default".count))
        guard let audience = audience(for: resource, core: core) else {
            throw TokenError(.badRequest, "invalid_resource", 500011,
                             "The resource principal named \(resource) was not found in the tenant named \(tenantSegment). This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.")
        }
        let token: String
        do {
            token = try TokenIssuer.applicationAccessToken(for: client.application, resource: audience, credential: client.credential, core: core)
        } catch {
            throw TokenError(.internalServerError, "server_error", 90100, "The simulator could not sign the token.")
        }
        return [
            "token_type": "Bearer",
            "expires_in": .integer(Int(TokenIssuer.accessTokenLifetime)),
            "ext_expires_in": .integer(Int(TokenIssuer.accessTokenLifetime)),
            "access_token": .string(token),
        ]
    }

    /// The `aud` for a requested resource: Graph by URL or app ID, or a registered app by an
    /// application ID URI or client ID; nil when the tenant has no such resource.
    static func audience(for resource: String, core: SimulatorCore) -> String? {
        let trimmed = resource.hasSuffix("/") ? String(resource.dropLast()) : resource
        if trimmed.lowercased() == TokenIssuer.graphResource || trimmed.lowercased() == TokenIssuer.graphAppID {
            return TokenIssuer.graphResource
        }
        return core.withState { state in
            for application in state.applications.values {
                if application.identifierURIs.contains(resource) || application.identifierURIs.contains(trimmed) { return resource }
                if application.clientID.lowercased() == trimmed.lowercased() { return application.clientID }
            }
            return nil
        }
    }
}
