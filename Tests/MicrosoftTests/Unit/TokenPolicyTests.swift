import Foundation
@testable import Microsoft
import NIOHTTP1
import Testing

@Suite struct TokenPolicyTests {
    let now = Date(timeIntervalSince1970: 1_700_000_000)
    let issuers = ExpectedIssuers(tenantID: Fixtures.tenantID, v2Issuer: TokenMinter.v2Issuer)
    let caller = "aaaaaaaa-0000-0000-0000-000000000001"
    var policy: EntraAccessTokenPolicy {
        EntraAccessTokenPolicy(
            audiences: EntraAccessTokenPolicy.audiences(clientID: Fixtures.clientID, appIDURIs: ["api://firstkey"]),
            allowedCallerAppIDs: [caller])
    }

    func refusal(_ payload: EntraTokenPayload, policy: EntraAccessTokenPolicy? = nil) -> TokenValidationError? {
        do {
            _ = try (policy ?? self.policy).check(payload, issuers: issuers, now: now)
            return nil
        } catch {
            return error
        }
    }

    @Test func v1TokenFromTheManagedIdentity() throws {
        let claims = try policy.check(TokenMinter.accessTokenPayload(now: now), issuers: issuers, now: now)
        #expect(claims.version == .v1)
        #expect(claims.callerAppID == caller)
        #expect(claims.audience == "api://firstkey")
        #expect(claims.identityType == "app")
        #expect(claims.expiresAt == now.addingTimeInterval(3600))
    }

    @Test func v2TokenCarriesTheClientIDAndAzp() throws {
        let claims = try policy.check(TokenMinter.accessTokenPayload(now: now, version: "2.0", audience: Fixtures.clientID), issuers: issuers, now: now)
        #expect(claims.version == .v2)
        #expect(claims.callerAppID == caller)
    }

    @Test func appIDURIWithOrWithoutTrailingSlash() throws {
        _ = try policy.check(TokenMinter.accessTokenPayload(now: now, audience: "api://firstkey/"), issuers: issuers, now: now)
        #expect(EntraAccessTokenPolicy.audiences(clientID: "C", appIDURIs: ["api://x/"]) == ["c", "api://x", "api://x/"])
    }

    @Test func wrongIssuer() {
        var payload = TokenMinter.accessTokenPayload(now: now)
        payload.iss = "https://sts.windows.net/00000000-0000-0000-0000-000000000000/"
        let error = refusal(payload)
        #expect(error?.code == .wrongIssuer)
        #expect(error?.description.contains("00000000-0000-0000-0000-000000000000") == true)
    }

    @Test func wrongAudience() {
        let error = refusal(TokenMinter.accessTokenPayload(now: now, audience: "https://management.azure.com"))
        #expect(error?.code == .wrongAudience)
        #expect(error?.description.contains("https://management.azure.com") == true)
    }

    @Test func expiredAndNotYetValidWithSkew() {
        let expired = TokenMinter.accessTokenPayload(now: now.addingTimeInterval(-3661), lifetime: 3600)
        #expect(refusal(expired)?.code == .expired)
        let withinSkew = TokenMinter.accessTokenPayload(now: now.addingTimeInterval(-3630), lifetime: 3600)
        #expect(refusal(withinSkew) == nil)
        var future = TokenMinter.accessTokenPayload(now: now)
        future.nbf = now.timeIntervalSince1970 + 120
        #expect(refusal(future)?.code == .notYetValid)
        future.nbf = now.timeIntervalSince1970 + 30
        #expect(refusal(future) == nil)
        var noExpiry = TokenMinter.accessTokenPayload(now: now)
        noExpiry.exp = nil
        #expect(refusal(noExpiry)?.code == .missingClaim)
    }

    @Test func callerMustBeAllowListed() {
        let error = refusal(TokenMinter.accessTokenPayload(now: now, caller: "ce79fdc4-cd1d-4ea5-8139-e74d7dbe0bb7"))
        #expect(error?.code == .callerNotAllowed)
        #expect(error?.description.contains("ce79fdc4-cd1d-4ea5-8139-e74d7dbe0bb7") == true)
        // v1 reads appid, v2 reads azp: a v2 token with only appid names no caller.
        var v2 = TokenMinter.accessTokenPayload(now: now, version: "2.0", audience: Fixtures.clientID)
        v2.appid = caller
        v2.azp = nil
        #expect(refusal(v2)?.code == .missingClaim)
        let nobody = EntraAccessTokenPolicy(audiences: ["api://firstkey"], allowedCallerAppIDs: [])
        #expect(refusal(TokenMinter.accessTokenPayload(now: now), policy: nobody)?.code == .callerNotAllowed)
    }

    @Test func requiredRole() {
        var withRole = policy
        withRole.requiredRole = "Firstkey.Intake"
        #expect(refusal(TokenMinter.accessTokenPayload(now: now), policy: withRole)?.code == .missingRole)
        #expect(refusal(TokenMinter.accessTokenPayload(now: now, roles: ["Firstkey.Intake"]), policy: withRole) == nil)
    }

    @Test func versionAndTenantMustAgree() {
        var mismatched = TokenMinter.accessTokenPayload(now: now)
        mismatched.ver = "2.0"
        #expect(refusal(mismatched)?.code == .wrongVersion)
        var v1Only = policy
        v1Only.acceptedVersions = [.v1]
        #expect(refusal(TokenMinter.accessTokenPayload(now: now, version: "2.0", audience: Fixtures.clientID), policy: v1Only)?.code == .wrongVersion)
        var otherTenant = TokenMinter.accessTokenPayload(now: now)
        otherTenant.tid = "00000000-0000-0000-0000-000000000000"
        #expect(refusal(otherTenant)?.code == .wrongTenant)
    }

    // MARK: ID tokens

    let idPolicy = IDTokenPolicy(clientID: Fixtures.clientID)

    func idRefusal(_ payload: EntraTokenPayload, nonce: String = "nonce-123", policy: IDTokenPolicy? = nil) -> TokenValidationError? {
        do {
            _ = try (policy ?? idPolicy).check(payload, issuers: issuers, expectedNonce: nonce, now: now)
            return nil
        } catch {
            return error
        }
    }

    @Test func idTokenClaims() throws {
        let claims = try idPolicy.check(TokenMinter.idTokenPayload(now: now, authTime: now.addingTimeInterval(-30)), issuers: issuers, expectedNonce: "nonce-123", now: now)
        #expect(claims.objectID == "cccccccc-0000-0000-0000-000000000003")
        #expect(claims.tenantID == Fixtures.tenantID)
        #expect(claims.authenticationTime == now.addingTimeInterval(-30))
        #expect(claims.authenticationMethods == ["pwd", "mfa"])
        #expect(claims.authenticationContexts == ["c1"])
        #expect(claims.preferredUsername == "kjensen@contoso.com")
    }

    @Test func idTokenRefusals() {
        #expect(idRefusal(TokenMinter.idTokenPayload(now: now), nonce: "other")?.code == .wrongNonce)
        var noNonce = TokenMinter.idTokenPayload(now: now)
        noNonce.nonce = nil
        #expect(idRefusal(noNonce)?.code == .missingClaim)
        var otherAudience = TokenMinter.idTokenPayload(now: now)
        otherAudience.aud = .init(["99999999-2222-3333-4444-555555555555"])
        #expect(idRefusal(otherAudience)?.code == .wrongAudience)
        var v1Issuer = TokenMinter.idTokenPayload(now: now)
        v1Issuer.iss = TokenMinter.v1Issuer
        #expect(idRefusal(v1Issuer)?.code == .wrongIssuer)
        var noOID = TokenMinter.idTokenPayload(now: now)
        noOID.oid = nil
        #expect(idRefusal(noOID)?.code == .missingClaim)
    }

    /// OpenID Connect Core 3.1.3.7: an `azp` must be this client, several audiences need one, and
    /// `iat` must be recent (a stockpiled or replayed ID token is refused).
    @Test func idTokenAuthorizedPartyAndIssueTime() {
        var otherParty = TokenMinter.idTokenPayload(now: now)
        otherParty.azp = "99999999-2222-3333-4444-555555555555"
        #expect(idRefusal(otherParty)?.code == .wrongAudience)
        var ours = TokenMinter.idTokenPayload(now: now)
        ours.azp = Fixtures.clientID
        #expect(idRefusal(ours) == nil)
        var several = TokenMinter.idTokenPayload(now: now)
        several.aud = .init([Fixtures.clientID, "99999999-2222-3333-4444-555555555555"])
        #expect(idRefusal(several)?.description.contains("azp") == true)
        several.azp = Fixtures.clientID
        #expect(idRefusal(several) == nil)

        var noIssueTime = TokenMinter.idTokenPayload(now: now)
        noIssueTime.iat = nil
        #expect(idRefusal(noIssueTime)?.code == .missingClaim)
        var stockpiled = TokenMinter.idTokenPayload(now: now)
        stockpiled.iat = now.addingTimeInterval(-3600).timeIntervalSince1970
        #expect(idRefusal(stockpiled)?.code == .expired)
        var future = TokenMinter.idTokenPayload(now: now)
        future.iat = now.addingTimeInterval(600).timeIntervalSince1970
        #expect(idRefusal(future)?.code == .notYetValid)
    }

    @Test func freshAuthentication() {
        let recent = IDTokenPolicy(clientID: Fixtures.clientID, maximumAuthenticationAge: .seconds(300))
        #expect(idRefusal(TokenMinter.idTokenPayload(now: now, authTime: now.addingTimeInterval(-200)), policy: recent) == nil)
        let stale = idRefusal(TokenMinter.idTokenPayload(now: now, authTime: now.addingTimeInterval(-600)), policy: recent)
        #expect(stale?.code == .authenticationTooOld)
        let missing = idRefusal(TokenMinter.idTokenPayload(now: now), policy: recent)
        #expect(missing?.code == .authenticationTooOld)
        #expect(missing?.description.contains("optional") == true)
    }
}
