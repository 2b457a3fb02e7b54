import Foundation
import HTTPTypes

/// The STS paths under `/{tenant}/`.
enum IdentityRouter {
    /// `common`, `organizations`, `consumers`: multi-tenant aliases the STS knows.
    static func isKnownTenantAlias(_ segment: String) -> Bool {
        ["common", "organizations", "consumers"].contains(segment.lowercased())
    }

    /// Whether the path after `/{tenant}` is one the STS serves.
    static func servesPath(_ segments: [String]) -> Bool {
        guard segments.count >= 2 else { return false }
        return ["oauth2", "v2.0", "discovery", "login"].contains(segments[1])
    }

    static func handle(_ request: SimulatorRequest, core: SimulatorCore) async -> SimulatorResponse {
        let tenant = request.segments[0]
        let rest = Array(request.segments.dropFirst())
        let now = core.now
        switch rest {
        case ["oauth2", "v2.0", "token"]:
            return TokenEndpoint.handle(request, tenantSegment: tenant, core: core)
        case ["oauth2", "v2.0", "authorize"] where request.method == .get || request.method == .post:
            return AuthorizeEndpoint.handle(request, tenantSegment: tenant, core: core)
        case ["login"]:
            return LoginPage.submit(request, tenantSegment: tenant, core: core)
        case ["oauth2", "v2.0", "logout"]:
            if let target = request.queryValue("post_logout_redirect_uri") { return .redirect(to: target) }
            return .html("<!DOCTYPE html><html><body><p id=\"signed_out\">You signed out of your account.</p></body></html>")
        case ["v2.0", ".well-known", "openid-configuration"] where request.method == .get:
            guard core.isThisTenant(tenant) || isKnownTenantAlias(tenant) else { return unknownTenant(tenant, request: request, now: now) }
            return .json(OpenIDConfiguration.document(tenantSegment: tenant, baseURL: request.baseURL, core: core))
        case ["discovery", "v2.0", "keys"] where request.method == .get, ["discovery", "keys"] where request.method == .get:
            guard core.isThisTenant(tenant) || isKnownTenantAlias(tenant) else { return unknownTenant(tenant, request: request, now: now) }
            return .json(OpenIDConfiguration.keySet(core: core))
        default:
            return .json(["error": "not_found", "error_description": .string("No simulated STS endpoint at \(request.path).")], status: .notFound)
        }
    }

    static func unknownTenant(_ tenant: String, request: SimulatorRequest, now: Date) -> SimulatorResponse {
        TokenError(.badRequest, "invalid_tenant", 90002,
                   "Tenant '\(tenant)' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.").response(for: request, now: now)
    }
}
