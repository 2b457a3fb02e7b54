import Foundation

/// Secure webhook delivery with Microsoft Entra ID (Learn: event-grid/secure-webhook-delivery): the
/// subscription names the webhook's app registration (`azureActiveDirectoryApplicationIdOrUri`)
/// and its tenant (`azureActiveDirectoryTenantId`); Event Grid then gets an app-only token for
/// that resource as its own first-party application and sends it as `Authorization: Bearer …`
/// with every request. The webhook's app defines the app role
/// `AzureEventGridSecureWebhookSubscriber` and assigns it to Event Grid's service principal, so the
/// token's `roles` carry it.
public struct EventGridEntraAuthentication: Sendable, Hashable {
    /// Event Grid's first-party application in the Azure public cloud (the `appid`/`azp` of its
    /// tokens), as Learn's secure-webhook scripts give it.
    public static let eventGridApplicationID = "4962773b-9cdb-44cf-a8bf-237846a00ab7"
    /// The role name Learn's scripts create on the webhook's app and assign to Event Grid.
    public static let subscriberRole = "AzureEventGridSecureWebhookSubscriber"
    /// The object ID of Event Grid's service principal in the simulated tenant (`oid`/`sub`); in
    /// Entra it differs per tenant. A placeholder.
    public static let eventGridServicePrincipalID = "0c6a4b1e-7f3d-4e59-9b2a-5d8e1f0a3c47"

    /// The webhook app's client ID or one of its application ID URIs: the token's resource.
    public var applicationIDOrURI: String
    public var tenantID: String
    /// The app roles Event Grid's service principal was assigned on the webhook's app (the token's
    /// `roles`): in Entra an app role assignment, kept here for the simulator's sake.
    public var eventGridRoles: [String]
    /// The webhook app's `api.requestedAccessTokenVersion`: Entra issues v1 tokens unless the app
    /// asks for v2 (then `aud` is always its client ID and the caller is in `azp`).
    public var tokenVersion: SimulatedAccessToken.Version

    public init(applicationIDOrURI: String, tenantID: String, eventGridRoles: [String] = [EventGridEntraAuthentication.subscriberRole],
                tokenVersion: SimulatedAccessToken.Version = .v1)
    {
        self.applicationIDOrURI = applicationIDOrURI
        self.tenantID = tenantID
        self.eventGridRoles = eventGridRoles
        self.tokenVersion = tokenVersion
    }

    var json: JSONValue {
        [
            "azureActiveDirectoryApplicationIdOrUri": .string(applicationIDOrURI),
            "azureActiveDirectoryTenantId": .string(tenantID),
            "eventGridRoles": .strings(eventGridRoles),
            "tokenVersion": .string(tokenVersion.rawValue),
        ]
    }

    /// The bearer token for one request, signed by the simulator's STS key, or an error saying why
    /// Entra would not issue one (another tenant, no such resource): then Event Grid cannot deliver.
    func accessToken(core: SimulatorCore) throws(EventGridSubscriptionError) -> String {
        guard tenantID.lowercased() == core.configuration.tenantID.lowercased() else {
            throw EventGridSubscriptionError(.entraTokenUnavailable, "no token for the webhook: the simulator knows only tenant \(core.configuration.tenantID)")
        }
        guard let audience = ClientCredentialsGrant.audience(for: applicationIDOrURI, core: core), audience != TokenIssuer.graphResource else {
            throw EventGridSubscriptionError(.entraTokenUnavailable, "no token for the webhook: the tenant has no application \(applicationIDOrURI)")
        }
        let resolved: String
        switch tokenVersion {
        case .v1:
            resolved = audience
        case .v2:
            let clientID = core.withState { state in
                state.applications.values.first { app in
                    app.clientID.lowercased() == audience.lowercased() || app.identifierURIs.contains { $0 == audience || $0 + "/" == audience }
                }?.clientID
            }
            resolved = clientID ?? audience
        }
        let token = SimulatedAccessToken(
            version: tokenVersion, audience: resolved, appID: Self.eventGridApplicationID, objectID: Self.eventGridServicePrincipalID,
            roles: eventGridRoles, tenantID: core.configuration.tenantID, identityType: nil)
        do {
            return try TokenIssuer.custom(token, core: core)
        } catch {
            throw EventGridSubscriptionError(.entraTokenUnavailable, "the simulator could not sign a token")
        }
    }

    /// The `/_sim` form (ARM's property names on the webhook destination).
    init?(json: JSONValue) throws(SimulatorInputError) {
        let applicationID = json["azureActiveDirectoryApplicationIdOrUri"]?.stringValue
        let tenantID = json["azureActiveDirectoryTenantId"]?.stringValue
        switch (applicationID, tenantID) {
        case (nil, nil): return nil
        case (let applicationID?, let tenantID?) where !applicationID.isEmpty && !tenantID.isEmpty:
            var roles = [Self.subscriberRole]
            if let given = json["eventGridRoles"] {
                guard let values = given.arrayValue?.compactMap(\.stringValue) else { throw SimulatorInputError("eventGridRoles must be an array of strings") }
                roles = values
            }
            let version: SimulatedAccessToken.Version
            switch json["tokenVersion"]?.stringValue {
            case nil, "1.0", "1": version = .v1
            case "2.0", "2": version = .v2
            default: throw SimulatorInputError("tokenVersion must be 1.0 or 2.0")
            }
            self.init(applicationIDOrURI: applicationID, tenantID: tenantID, eventGridRoles: roles, tokenVersion: version)
        default:
            throw SimulatorInputError("Microsoft Entra delivery needs both azureActiveDirectoryApplicationIdOrUri and azureActiveDirectoryTenantId")
        }
    }
}
