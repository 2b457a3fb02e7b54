import Foundation

/// What the portal's ID token must satisfy (§2): v2 issuer of this tenant, our client ID as
/// audience, unexpired, the nonce we sent, `tid` and `oid` present; optionally a recent
/// `auth_time` (Entra's honouring of `max_age` is unverified, so Firstkey checks it itself).
public struct IDTokenPolicy: Sendable, Hashable {
    public var clientID: String
    public var clockSkew: Duration
    /// If set, `auth_time` must be present (optional claim) and no older than this.
    public var maximumAuthenticationAge: Duration?
    /// An ID token is redeemed right after it is issued: one issued longer ago than this is a
    /// replayed or stockpiled one (OpenID Connect Core 3.1.3.7, step 10: `iat`).
    public var maximumAge: Duration

    public init(clientID: String, clockSkew: Duration = .seconds(60), maximumAuthenticationAge: Duration? = nil, maximumAge: Duration = .seconds(600)) {
        self.clientID = clientID
        self.clockSkew = clockSkew
        self.maximumAuthenticationAge = maximumAuthenticationAge
        self.maximumAge = maximumAge
    }

    func check(_ payload: EntraTokenPayload, issuers: ExpectedIssuers, expectedNonce: String, now: Date) throws(TokenValidationError) -> IDTokenClaims {
        let times = try TokenTimes.check(payload, now: now, skew: clockSkew)
        guard let issuer = payload.iss else { throw TokenValidationError(.missingClaim, "it has no issuer (iss)") }
        guard issuer == issuers.v2 else {
            throw TokenValidationError(.wrongIssuer, "it was issued by '\(issuer)', not by this tenant ('\(issuers.v2)')")
        }
        _ = try EntraAccessTokenPolicy.matchingAudience(payload.aud, accepted: [clientID])
        // OpenID Connect Core 3.1.3.7, steps 4 and 5: several audiences need an `azp`, and an
        // `azp` must be this client.
        if let azp = payload.azp, azp != clientID {
            throw TokenValidationError(.wrongAudience, "it was issued to the application \(azp) (azp), not to this portal")
        }
        if (payload.aud?.values.count ?? 0) > 1, payload.azp == nil {
            throw TokenValidationError(.wrongAudience, "it names several audiences but no authorized party (azp)")
        }
        guard let issuedAt = times.issuedAt else { throw TokenValidationError(.missingClaim, "it has no issue time (iat)") }
        if issuedAt.timeIntervalSince(now) > clockSkew.secondsValue {
            throw TokenValidationError(.notYetValid, "it was issued in the future (\(issuedAt), now \(now)); check this host's clock")
        }
        if now.timeIntervalSince(issuedAt) > maximumAge.secondsValue + clockSkew.secondsValue {
            throw TokenValidationError(.expired, "it was issued at \(issuedAt), too long ago for a sign-in that just happened")
        }
        guard let tenantID = payload.tid else { throw TokenValidationError(.missingClaim, "it has no tenant ID (tid)") }
        guard tenantID.lowercased() == issuers.tenantID else {
            throw TokenValidationError(.wrongTenant, "it belongs to tenant \(tenantID), not \(issuers.tenantID)")
        }
        guard let nonce = payload.nonce else { throw TokenValidationError(.missingClaim, "it has no nonce, so it cannot be tied to this sign-in") }
        guard ConstantTime.equal(nonce, expectedNonce) else {
            throw TokenValidationError(.wrongNonce, "its nonce does not match this sign-in (a replayed or mixed-up sign-in response)")
        }
        guard let objectID = payload.oid, !objectID.isEmpty else {
            throw TokenValidationError(.missingClaim, "it has no object ID (oid); request the 'profile' scope")
        }
        let authenticationTime = payload.auth_time.map { Date(timeIntervalSince1970: $0) }
        if let maximumAuthenticationAge {
            guard let authenticationTime else {
                throw TokenValidationError(.authenticationTooOld, "it carries no auth_time; add 'auth_time' as an optional ID token claim on the app registration")
            }
            if now.timeIntervalSince(authenticationTime) > maximumAuthenticationAge.secondsValue + clockSkew.secondsValue {
                throw TokenValidationError(.authenticationTooOld, "the user last entered credentials at \(authenticationTime), longer ago than allowed")
            }
        }
        return IDTokenClaims(
            issuer: issuer, tenantID: tenantID, objectID: objectID, subject: payload.sub, preferredUsername: payload.preferred_username,
            name: payload.name, email: payload.email, sessionID: payload.sid, onPremisesSecurityIdentifier: payload.onprem_sid,
            issuedAt: times.issuedAt, expiresAt: times.expiresAt, authenticationTime: authenticationTime,
            authenticationMethods: payload.amr ?? [], authenticationContexts: payload.acrs ?? [], roles: payload.roles ?? [], groups: payload.groups ?? [])
    }
}
