import Foundation
import HTTPTypes

/// `POST /{tenant}/oauth2/v2.0/token`: client credentials, authorization code (+PKCE) and
/// refresh token grants.
enum TokenEndpoint {
    static func handle(_ request: SimulatorRequest, tenantSegment: String, core: SimulatorCore) -> SimulatorResponse {
        do throws(TokenError) {
            let body = try respond(request, tenantSegment: tenantSegment, core: core)
            var response = SimulatorResponse.json(body)
            response.headers[.cacheControl] = "no-store, no-cache"
            response.headers[HTTPField.Name("Pragma")!] = "no-cache"
            return response
        } catch {
            return error.response(for: request, now: core.now)
        }
    }

    private static func respond(_ request: SimulatorRequest, tenantSegment: String, core: SimulatorCore) throws(TokenError) -> JSONValue {
        guard request.method == .post else {
            throw TokenError(.badRequest, "invalid_request", 900561, "The endpoint only accepts POST requests. Received a \(request.method.rawValue) request.")
        }
        if IdentityRouter.isKnownTenantAlias(tenantSegment) {
            // The path names no tenant and an app-only or confidential call cannot pick one.
            throw TokenError(.badRequest, "invalid_request", 50059, "No tenant-identifying information found in either the request or implied by any provided credentials.")
        }
        guard core.isThisTenant(tenantSegment) else {
            throw TokenError(.badRequest, "invalid_request", 90002,
                             "Tenant '\(tenantSegment)' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.")
        }
        var form: [String: String] = [:]
        for field in request.formFields ?? [] where form[field.name] == nil {
            form[field.name] = field.value
        }
        guard let grantType = form["grant_type"], !grantType.isEmpty else { throw TokenError.missingParameter("grant_type") }
        switch grantType {
        case "client_credentials":
            let client = try ClientAuthentication.authenticate(request, form: form, tenantSegment: tenantSegment, core: core)
            return try ClientCredentialsGrant.issue(form: form, client: client, tenantSegment: tenantSegment, core: core)
        case "authorization_code":
            return try AuthorizationCodeGrant.redeem(request, form: form, tenantSegment: tenantSegment, core: core)
        case "refresh_token":
            return try RefreshTokenRedemption.redeem(request, form: form, tenantSegment: tenantSegment, core: core)
        default:
            throw TokenError(.badRequest, "unsupported_grant_type", 70003, "The app requested an unsupported grant type '\(grantType)'.")
        }
    }
}
