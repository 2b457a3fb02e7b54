/// Plain-language causes for the AADSTS codes an administrator meets while setting Firstkey up.
/// The numbers and meanings come from Microsoft's public AADSTS error-code list; which number a
/// given mistake produces was not checked against a live tenant (**unverified**), so the OAuth
/// `error` value is the fallback.
struct AADSTSExplanation: Sendable, Equatable {
    var summary: String
    var suggestedFix: String?

    static func explain(codes: [Int], oauthError: String?) -> AADSTSExplanation {
        for code in codes {
            if let known = byCode[code] { return known }
        }
        switch oauthError {
        case "invalid_client":
            return .init(summary: "Entra did not accept the application's credential", suggestedFix: "Check the client secret value or the certificate registered on the app registration")
        case "invalid_scope", "invalid_resource":
            return .init(summary: "the requested scope is not valid", suggestedFix: "App-only requests must use a single resource's '.default' scope, e.g. https://graph.microsoft.com/.default")
        case "unauthorized_client":
            return .init(summary: "the application is not allowed to use this flow in this tenant", suggestedFix: "Check the client ID and tenant ID, and that the app registration exists and is enabled")
        case "consent_required", "interaction_required":
            return .init(summary: "an administrator has not granted consent for the requested permissions", suggestedFix: "Grant admin consent on the app registration's 'API permissions' page")
        case "invalid_grant":
            return .init(summary: "the authorization code or credential is no longer valid", suggestedFix: "Start the sign-in again")
        case "temporarily_unavailable":
            return .init(summary: "Entra ID is temporarily unavailable", suggestedFix: "Firstkey retries automatically; no action is needed unless this persists")
        case "invalid_request", "unsupported_grant_type":
            return .init(summary: "Entra rejected the request as malformed", suggestedFix: nil)
        default:
            return .init(summary: "Entra refused the request", suggestedFix: nil)
        }
    }

    private static let byCode: [Int: AADSTSExplanation] = [
        7000215: .init(
            summary: "the client secret is wrong",
            suggestedFix: "Use the secret's Value (shown once when it is created), not its Secret ID, and make sure it belongs to this app registration"),
        7000222: .init(
            summary: "the client secret has expired",
            suggestedFix: "Create a new client secret on the app registration ('Certificates & secrets') and update Firstkey's configuration"),
        700016: .init(
            summary: "no application with this client ID exists in the tenant",
            suggestedFix: "Check the client ID and tenant ID; the app may have been deleted or registered in another tenant"),
        7000112: .init(summary: "the application is disabled in this tenant", suggestedFix: "Enable the enterprise application (service principal) for sign-in"),
        700027: .init(
            summary: "the client assertion's signature could not be verified",
            suggestedFix: "Upload this certificate (public part) to the app registration, or configure the matching private key"),
        700024: .init(
            summary: "the client assertion is outside its validity time",
            suggestedFix: "Check this host's clock (NTP); assertions are valid for a few minutes only"),
        700023: .init(summary: "the client assertion's audience is wrong", suggestedFix: "Check the tenant ID and authority host in Firstkey's configuration"),
        7000218: .init(summary: "the request carried neither a client secret nor a client assertion", suggestedFix: "Configure a client secret or certificate"),
        70011: .init(
            summary: "the requested scope is not valid",
            suggestedFix: "App-only requests must use a single resource's '.default' scope, e.g. https://graph.microsoft.com/.default"),
        500011: .init(
            summary: "the requested resource does not exist in this tenant",
            suggestedFix: "Check the scope's resource URI; the API's service principal may be missing from the tenant"),
        65001: .init(
            summary: "an administrator has not granted consent for the requested permissions",
            suggestedFix: "Grant admin consent on the app registration's 'API permissions' page"),
        90002: .init(summary: "the tenant does not exist", suggestedFix: "Check the tenant ID (a GUID, or a verified domain of the tenant)"),
        900023: .init(summary: "the tenant ID is not a valid GUID or domain name", suggestedFix: "Use the directory (tenant) ID from the app registration's overview page"),
        53003: .init(summary: "a Conditional Access policy blocked the application", suggestedFix: "Review Conditional Access policies for workload identities that target this app"),
        50011: .init(summary: "the redirect URI does not match one registered on the app", suggestedFix: "Register the portal's exact callback URL under 'Authentication' on the app registration"),
        54005: .init(summary: "the authorization code was already redeemed", suggestedFix: "Start the sign-in again"),
        70008: .init(summary: "the authorization code has expired or was revoked", suggestedFix: "Start the sign-in again"),
        501481: .init(summary: "the PKCE code verifier does not match the challenge sent at sign-in", suggestedFix: "Start the sign-in again"),
    ]
}
