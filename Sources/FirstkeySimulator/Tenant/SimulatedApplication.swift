public import Foundation

/// An app registration with its service principal in the simulated tenant: how it may
/// authenticate (secrets, certificates), where it may redirect, and what it was granted.
public struct SimulatedApplication: Sendable, Hashable {
    /// The application (client) ID.
    public var clientID: String
    /// The service principal's object ID: the `oid` and `sub` of its app-only tokens.
    public var servicePrincipalID: String
    public var displayName: String
    /// Client secret values (not their IDs).
    public var secrets: [String]
    /// Certificates whose private keys may sign client assertions.
    public var certificates: [SimulatedCertificate]
    /// Application permissions granted with admin consent, e.g. `User.Read.All`: the `roles`
    /// claim of its Graph tokens.
    public var grantedRoles: [String]
    /// Registered redirect URIs (web platform), matched exactly.
    public var redirectURIs: [String]
    /// Optional ID-token claims configured under "Token configuration", e.g. `auth_time`,
    /// `onprem_sid`, `acrs`. Without `auth_time` here no ID token carries it.
    public var optionalClaims: [String]
    /// Application ID URIs (e.g. `api://firstkey`): such an app may be the resource of a
    /// `{uri}/.default` token request.
    public var identifierURIs: [String]
    /// Exchange application access policy (`New-ApplicationAccessPolicy … RestrictAccess`): when
    /// set, `sendMail` works only for these user IDs; nil means every mailbox.
    public var mailboxScope: Set<String>?

    public init(
        clientID: String = UUID().uuidString.lowercased(),
        servicePrincipalID: String = UUID().uuidString.lowercased(),
        displayName: String = "Firstkey",
        secrets: [String] = [],
        certificates: [SimulatedCertificate] = [],
        grantedRoles: [String] = [],
        redirectURIs: [String] = [],
        optionalClaims: [String] = [],
        identifierURIs: [String] = [],
        mailboxScope: Set<String>? = nil
    ) {
        self.clientID = clientID
        self.servicePrincipalID = servicePrincipalID
        self.displayName = displayName
        self.secrets = secrets
        self.certificates = certificates
        self.grantedRoles = grantedRoles
        self.redirectURIs = redirectURIs
        self.optionalClaims = optionalClaims
        self.identifierURIs = identifierURIs
        self.mailboxScope = mailboxScope
    }
}
