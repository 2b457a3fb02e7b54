import Foundation
import HTTPTypes

/// Discovery (`/{tenant}/v2.0/.well-known/openid-configuration`) and the key set
/// (`/{tenant}/discovery/v2.0/keys`). Endpoints point at the simulator; issuers keep Entra's
/// real form.
enum OpenIDConfiguration {
    static func document(tenantSegment: String, baseURL: String, core: SimulatorCore) -> JSONValue {
        let configuration = core.configuration
        let tenant = IdentityRouter.isKnownTenantAlias(tenantSegment) ? tenantSegment.lowercased() : configuration.tenantID
        // Multi-tenant documents carry a placeholder issuer, as Entra's do.
        let issuer = IdentityRouter.isKnownTenantAlias(tenantSegment) ? "\(configuration.issuerHost)/{tenantid}/v2.0" : configuration.v2Issuer
        let base = "\(baseURL)/\(tenant)"
        return [
            "token_endpoint": .string("\(base)/oauth2/v2.0/token"),
            "token_endpoint_auth_methods_supported": ["client_secret_post", "private_key_jwt", "client_secret_basic"],
            "jwks_uri": .string("\(base)/discovery/v2.0/keys"),
            "response_modes_supported": ["query", "fragment", "form_post"],
            "subject_types_supported": ["pairwise"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "response_types_supported": ["code", "id_token", "code id_token", "id_token token"],
            "scopes_supported": ["openid", "profile", "email", "offline_access"],
            "issuer": .string(issuer),
            "request_uri_parameter_supported": false,
            "userinfo_endpoint": .string("\(baseURL)/oidc/userinfo"),
            "authorization_endpoint": .string("\(base)/oauth2/v2.0/authorize"),
            "device_authorization_endpoint": .string("\(base)/oauth2/v2.0/devicecode"),
            "http_logout_supported": true,
            "frontchannel_logout_supported": true,
            "end_session_endpoint": .string("\(base)/oauth2/v2.0/logout"),
            "claims_supported": ["sub", "iss", "cloud_instance_name", "cloud_instance_host_name", "cloud_graph_host_name", "msgraph_host", "aud", "exp", "iat",
                                 "auth_time", "acr", "nonce", "preferred_username", "name", "tid", "ver", "at_hash", "c_hash", "email"],
            "kerberos_endpoint": .string("\(base)/kerberos"),
            "tenant_region_scope": "EU",
            "cloud_instance_name": "microsoftonline.com",
            "cloud_graph_host_name": "graph.windows.net",
            "msgraph_host": "graph.microsoft.com",
            "rbac_url": "https://pas.windows.net",
        ]
    }

    static func keySet(core: SimulatorCore) -> JSONValue {
        let keys = core.withState { $0.signingKeys }
        let issuer = core.configuration.v2Issuer
        // Newest first, as a client picking "the first key" would otherwise never see a rotation.
        return ["keys": .array(keys.reversed().map { $0.jwk(issuer: issuer) })]
    }
}
