public import Foundation

/// A validated ID token from the portal's sign-in. Key users on `tenantID` + `objectID`, never on
/// `preferredUsername` or `email` (both mutable).
public struct IDTokenClaims: Sendable, Hashable {
    public var issuer: String
    public var tenantID: String
    /// Object ID: equals Graph `user.id`.
    public var objectID: String
    /// Pairwise per application.
    public var subject: String?
    public var preferredUsername: String?
    public var name: String?
    public var email: String?
    public var sessionID: String?
    public var onPremisesSecurityIdentifier: String?
    public var issuedAt: Date?
    public var expiresAt: Date
    /// `auth_time`: only present when configured as an optional claim.
    public var authenticationTime: Date?
    /// `amr` values (documented for v1 tokens; v2 ID tokens may lack them).
    public var authenticationMethods: [String]
    /// `acrs`: satisfied Conditional Access authentication contexts.
    public var authenticationContexts: [String]
    /// `roles`: app roles assigned to the user for this application.
    public var roles: [String] = []
    /// `groups`: group object IDs (only with group claims configured on the app registration).
    public var groups: [String] = []
}
