public import Foundation
import HTTPTypes

/// Claims for `FirstkeySimulator.issueAccessToken`: an Entra access token of either shape, signed
/// by the simulator's published key (or, for negative tests, by a key nobody published). Used to
/// play a caller Firstkey must authenticate, e.g. a Logic App's managed identity.
public struct SimulatedAccessToken: Sendable {
    public enum Version: String, Sendable {
        case v1 = "1.0"
        case v2 = "2.0"
    }

    public enum Signature: Sendable {
        /// The active key, as published in the JWKS.
        case publishedKey
        /// A fresh key that is not in the JWKS (the signature cannot be verified).
        case unpublishedKey
        /// No signature at all (`alg` stays RS256, the signature part is empty).
        case stripped
    }

    public var version: Version
    /// Defaults to `https://sts.windows.net/{tid}/` (v1) or `https://login.microsoftonline.com/{tid}/v2.0` (v2).
    public var issuer: String?
    public var audience: String
    /// The calling app's client ID: `appid` in v1, `azp` in v2.
    public var appID: String
    /// `oid` (the caller's service principal or user object ID); also `sub` unless `subject` is set.
    public var objectID: String
    public var subject: String?
    public var roles: [String]
    /// Delegated scopes (`scp`), space-separated in the token.
    public var scopes: [String]
    /// `tid`; defaults to the simulator's tenant.
    public var tenantID: String?
    /// `iat`/`nbf`; defaults to the simulated now.
    public var issuedAt: Date?
    /// `exp`; defaults to `issuedAt` + 3599 s.
    public var expiresAt: Date?
    /// `idtyp` (`app` for app-only tokens when configured).
    public var identityType: String?
    public var additionalClaims: [(String, JSONValue)]
    public var signature: Signature

    public init(version: Version = .v1, issuer: String? = nil, audience: String, appID: String, objectID: String = UUID().uuidString.lowercased(),
                subject: String? = nil, roles: [String] = [], scopes: [String] = [], tenantID: String? = nil, issuedAt: Date? = nil,
                expiresAt: Date? = nil, identityType: String? = "app", additionalClaims: [(String, JSONValue)] = [], signature: Signature = .publishedKey)
    {
        self.version = version
        self.issuer = issuer
        self.audience = audience
        self.appID = appID
        self.objectID = objectID
        self.subject = subject
        self.roles = roles
        self.scopes = scopes
        self.tenantID = tenantID
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
        self.identityType = identityType
        self.additionalClaims = additionalClaims
        self.signature = signature
    }
}
