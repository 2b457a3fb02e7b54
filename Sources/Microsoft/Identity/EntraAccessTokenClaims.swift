public import Foundation

/// A validated access token's claims.
public struct EntraAccessTokenClaims: Sendable, Hashable {
    public enum Version: String, Sendable, Hashable {
        /// `iss` `https://sts.windows.net/{tid}/`, caller in `appid`.
        case v1 = "1.0"
        /// `iss` `https://login.microsoftonline.com/{tid}/v2.0`, caller in `azp`.
        case v2 = "2.0"
    }

    public var version: Version
    public var issuer: String
    public var audience: String
    public var tenantID: String
    /// The calling application's client ID (`appid` v1 / `azp` v2), e.g. the Logic App's managed identity.
    public var callerAppID: String
    /// The caller's service principal (or user) object ID.
    public var objectID: String?
    public var subject: String?
    /// Granted app roles.
    public var roles: [String]
    /// Delegated scopes (`scp`), empty for app-only tokens.
    public var scopes: [String]
    /// `app` when the optional `idtyp` claim is configured and the token is app-only.
    public var identityType: String?
    public var issuedAt: Date?
    public var notBefore: Date?
    public var expiresAt: Date
}
