import Foundation

/// What an inbound access token must satisfy (§6): this tenant's issuer, one of our audiences,
/// unexpired, from an allow-listed caller, optionally with a role.
public struct EntraAccessTokenPolicy: Sendable, Hashable {
    /// Accepted `aud` values. See `audiences(clientID:appIDURIs:)`.
    public var audiences: Set<String>
    /// Client IDs allowed to call (`appid` v1 / `azp` v2), e.g. the Logic App's managed identity.
    /// An empty set refuses everyone.
    public var allowedCallerAppIDs: Set<String>
    /// An app role the caller must hold, if any.
    public var requiredRole: String?
    public var acceptedVersions: Set<EntraAccessTokenClaims.Version>
    /// Tolerated clock difference for `exp` and `nbf`.
    public var clockSkew: Duration

    public init(
        audiences: Set<String>,
        allowedCallerAppIDs: Set<String>,
        requiredRole: String? = nil,
        acceptedVersions: Set<EntraAccessTokenClaims.Version> = [.v1, .v2],
        clockSkew: Duration = .seconds(60)
    ) {
        self.audiences = audiences
        self.allowedCallerAppIDs = Set(allowedCallerAppIDs.map { $0.lowercased() })
        self.requiredRole = requiredRole
        self.acceptedVersions = acceptedVersions
        self.clockSkew = clockSkew
    }

    /// Our client ID plus each App ID URI with and without a trailing slash: v2 tokens always carry
    /// the client ID; v1 tokens carry whichever identifier the caller asked for.
    public static func audiences(clientID: String, appIDURIs: [String] = []) -> Set<String> {
        var result: Set<String> = [clientID.lowercased()]
        for uri in appIDURIs {
            var bare = uri
            while bare.hasSuffix("/") { bare.removeLast() }
            result.insert(bare)
            result.insert(bare + "/")
        }
        return result
    }

    func check(_ payload: EntraTokenPayload, issuers: ExpectedIssuers, now: Date) throws(TokenValidationError) -> EntraAccessTokenClaims {
        let times = try TokenTimes.check(payload, now: now, skew: clockSkew)

        guard let issuer = payload.iss else { throw TokenValidationError(.missingClaim, "it has no issuer (iss)") }
        let version: EntraAccessTokenClaims.Version
        switch issuer {
        case issuers.v1: version = .v1
        case issuers.v2: version = .v2
        default:
            throw TokenValidationError(.wrongIssuer, "it was issued by '\(issuer)', not by this tenant ('\(issuers.v1)' or '\(issuers.v2)')")
        }
        if let ver = payload.ver, ver != version.rawValue {
            throw TokenValidationError(.wrongVersion, "its version claim (\(ver)) contradicts its issuer (a v\(version.rawValue) issuer)")
        }
        guard acceptedVersions.contains(version) else {
            throw TokenValidationError(.wrongVersion, "it is a v\(version.rawValue) token and only \(acceptedVersions.map { "v\($0.rawValue)" }.sorted().joined(separator: "/")) tokens are accepted")
        }
        guard let tenantID = payload.tid else { throw TokenValidationError(.missingClaim, "it has no tenant ID (tid)") }
        guard tenantID.lowercased() == issuers.tenantID else {
            throw TokenValidationError(.wrongTenant, "it belongs to tenant \(tenantID), not \(issuers.tenantID)")
        }

        let audience = try Self.matchingAudience(payload.aud, accepted: audiences)

        let caller: String?
        switch version {
        case .v1: caller = payload.appid
        case .v2: caller = payload.azp
        }
        guard let caller else {
            throw TokenValidationError(.missingClaim, "it does not name the calling application (\(version == .v1 ? "appid" : "azp"))")
        }
        guard allowedCallerAppIDs.contains(caller.lowercased()) else {
            throw TokenValidationError(.callerNotAllowed, "the calling application \(caller) is not on Firstkey's list of allowed callers")
        }

        let roles = payload.roles ?? []
        if let requiredRole, !roles.contains(requiredRole) {
            throw TokenValidationError(.missingRole, "the calling application \(caller) has not been assigned the app role '\(requiredRole)'")
        }

        return EntraAccessTokenClaims(
            version: version, issuer: issuer, audience: audience, tenantID: tenantID, callerAppID: caller, objectID: payload.oid,
            subject: payload.sub, roles: roles, scopes: payload.scp?.split(separator: " ").map(String.init) ?? [],
            identityType: payload.idtyp, issuedAt: times.issuedAt, notBefore: times.notBefore, expiresAt: times.expiresAt)
    }

    static func matchingAudience(_ audience: EntraTokenPayload.Audience?, accepted: Set<String>) throws(TokenValidationError) -> String {
        guard let values = audience?.values, !values.isEmpty else { throw TokenValidationError(.missingClaim, "it has no audience (aud)") }
        let lowercasedAccepted = Set(accepted.map { $0.lowercased() })
        guard let match = values.first(where: { lowercasedAccepted.contains($0.lowercased()) }) else {
            throw TokenValidationError(.wrongAudience, "it was issued for '\(values.joined(separator: "', '"))', which is not Firstkey's application")
        }
        return match
    }
}
