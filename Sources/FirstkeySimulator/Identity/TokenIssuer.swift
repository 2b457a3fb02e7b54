import Crypto
import CryptoExtras
import Foundation
import HTTPTypes

/// Builds and signs the tokens the simulated STS issues: app-only and delegated access tokens
/// (v1.0 shape, as Graph accepts) and ID tokens (v1.0 or v2.0).
enum TokenIssuer {
    static let graphResource = "https://graph.microsoft.com"
    static let graphAppID = "00000003-0000-0000-c000-000000000000"
    static let accessTokenLifetime: TimeInterval = 3599

    /// Signs `claims` with the active key (header `typ`, `alg` RS256, `x5t`, `kid`).
    static func sign(_ claims: JSONValue, core: SimulatorCore) throws -> String {
        let key = core.withState { $0.activeSigningKey }
        return try JSONWebToken.sign(header: ["typ": "JWT", "x5t": .string(key.keyID), "kid": .string(key.keyID)], claims: claims, with: key.privateKey)
    }

    static func unixTime(_ date: Date) -> JSONValue { .integer(Int(date.timeIntervalSince1970)) }

    static func uniqueTokenID() -> String {
        Base64URL.encode((0..<16).map { _ in UInt8.random(in: 0...255) })
    }

    /// An app-only token for `resource` (v1.0 shape): `roles` = the app's grants on Graph.
    /// `appidacr` says how the client authenticated: 1 secret, 2 certificate.
    static func applicationAccessToken(for application: SimulatedApplication, resource: String, credential: ClientCredentialKind, core: SimulatorCore) throws -> String {
        let now = core.now
        let tenant = core.configuration.tenantID
        var claims: [(String, JSONValue)] = [
            ("aud", .string(resource)),
            ("iss", .string(core.configuration.v1Issuer)),
            ("iat", unixTime(now)),
            ("nbf", unixTime(now)),
            ("exp", unixTime(now.addingTimeInterval(accessTokenLifetime))),
            ("aio", .string(uniqueTokenID())),
            ("app_displayname", .string(application.displayName)),
            ("appid", .string(application.clientID)),
            ("appidacr", .string(credential == .certificate ? "2" : "1")),
            ("idp", .string(core.configuration.v1Issuer)),
            ("idtyp", "app"),
            ("oid", .string(application.servicePrincipalID)),
            ("rh", "0.simulated."),
        ]
        if resource == graphResource, !application.grantedRoles.isEmpty {
            claims.append(("roles", .strings(application.grantedRoles)))
        }
        claims += [
            ("sub", .string(application.servicePrincipalID)),
            ("tenant_region_scope", "EU"),
            ("tid", .string(tenant)),
            ("uti", .string(uniqueTokenID())),
            ("ver", "1.0"),
        ]
        return try sign(.object(claims), core: core)
    }

    /// A delegated Graph token for a signed-in user (v1.0 shape), issued next to the ID token.
    static func delegatedAccessToken(for user: SimulatedUser, application: SimulatedApplication, scopes: [String], signIn: SignIn, core: SimulatorCore) throws -> String {
        let now = core.now
        var claims: [(String, JSONValue)] = [
            ("aud", .string(graphResource)),
            ("iss", .string(core.configuration.v1Issuer)),
            ("iat", unixTime(now)),
            ("nbf", unixTime(now)),
            ("exp", unixTime(now.addingTimeInterval(accessTokenLifetime))),
        ]
        if !signIn.authenticationContexts.isEmpty { claims.append(("acrs", .strings(signIn.authenticationContexts))) }
        claims += [
            ("acr", "1"),
            ("amr", .strings(signIn.authenticationMethods)),
            ("app_displayname", .string(application.displayName)),
            ("appid", .string(application.clientID)),
            ("appidacr", "1"),
            ("idtyp", "user"),
            ("name", .optional(user.displayName)),
            ("oid", .string(user.id)),
            ("scp", .string(scopes.joined(separator: " "))),
            ("sid", .string(signIn.sessionID)),
            ("sub", .string(pairwiseSubject(userID: user.id, clientID: graphAppID))),
            ("tid", .string(core.configuration.tenantID)),
            ("unique_name", .string(user.userPrincipalName)),
            ("upn", .string(user.userPrincipalName)),
            ("uti", .string(uniqueTokenID())),
            ("ver", "1.0"),
        ]
        return try sign(.object(claims), core: core)
    }

    /// `sub` is pairwise: stable per user and app, different across apps.
    static func pairwiseSubject(userID: String, clientID: String) -> String {
        Base64URL.encode(Array(SHA256.hash(data: Array("\(userID)|\(clientID)".utf8))))
    }

    /// The ID token for a sign-in. v2.0 tokens carry `amr` only when the `claims` request asked
    /// for it; v1.0 tokens always do. `auth_time`, `onprem_sid` and `acrs` need the optional
    /// claim configured on the app.
    static func idToken(for user: SimulatedUser, application: SimulatedApplication, nonce: String?, claimsRequest: JSONValue?, requestsAMR: Bool,
                        scopes: [String], signIn: SignIn, core: SimulatorCore) throws -> String
    {
        let now = core.now
        let configuration = core.configuration
        let optional = Set(application.optionalClaims)
        let isV2 = signIn.tokenVersion == .v2
        var claims: [(String, JSONValue)] = [
            ("aud", .string(application.clientID)),
            ("iss", .string(isV2 ? configuration.v2Issuer : configuration.v1Issuer)),
            ("iat", unixTime(now)),
            ("nbf", unixTime(now)),
            ("exp", unixTime(now.addingTimeInterval(3600))),
        ]
        if optional.contains("acrs") || claimsRequest?["id_token"]?["acrs"] != nil, !signIn.authenticationContexts.isEmpty {
            claims.append(("acrs", .strings(signIn.authenticationContexts)))
        }
        // learn.microsoft.com/entra/identity-platform/id-token-claims-reference lists amr for v1.0
        // tokens only, and nothing documents that a claims request adds it to a v2.0 ID token: the
        // simulator takes the reading least convenient for Firstkey and never puts it there.
        if !isV2 {
            claims.append(("amr", .strings(signIn.authenticationMethods)))
        }
        if optional.contains("auth_time") {
            claims.append(("auth_time", unixTime(signIn.authenticatedAt)))
        }
        if isV2, scopes.contains("email"), let mail = user.mail {
            claims.append(("email", .string(mail)))
        }
        if scopes.contains("profile"), let name = user.displayName {
            claims.append(("name", .string(name)))
        }
        if let nonce { claims.append(("nonce", .string(nonce))) }
        if scopes.contains("profile") || !isV2 {
            claims.append(("oid", .string(user.id)))
        }
        if optional.contains("groups"), !user.groupIDs.isEmpty {
            claims.append(("groups", .strings(user.groupIDs)))
        }
        if optional.contains("onprem_sid"), let sid = user.onPremisesSecurityIdentifier {
            claims.append(("onprem_sid", .string(sid)))
        }
        if let roles = user.appRoles[application.clientID.lowercased()], !roles.isEmpty {
            claims.append(("roles", .strings(roles)))
        }
        if isV2 {
            claims.append(("preferred_username", .string(user.userPrincipalName)))
        }
        claims += [
            ("rh", "0.simulated."),
            ("sid", .string(signIn.sessionID)),
            ("sub", .string(pairwiseSubject(userID: user.id, clientID: application.clientID))),
            ("tid", .string(configuration.tenantID)),
        ]
        if !isV2 {
            claims.append(("unique_name", .string(user.userPrincipalName)))
            claims.append(("upn", .string(user.userPrincipalName)))
        }
        claims += [
            ("uti", .string(uniqueTokenID())),
            ("ver", .string(signIn.tokenVersion.rawValue)),
        ]
        return try sign(.object(claims), core: core)
    }

    /// A token exactly as a test describes it.
    static func custom(_ token: SimulatedAccessToken, core: SimulatorCore) throws -> String {
        let now = core.now
        let issuedAt = token.issuedAt ?? now
        let configuration = core.configuration
        let tenant = token.tenantID ?? configuration.tenantID
        let issuer = token.issuer ?? (token.version == .v1 ? "https://sts.windows.net/\(tenant)/" : "\(configuration.issuerHost)/\(tenant)/v2.0")
        var claims: [(String, JSONValue)] = [
            ("aud", .string(token.audience)),
            ("iss", .string(issuer)),
            ("iat", unixTime(issuedAt)),
            ("nbf", unixTime(issuedAt)),
            ("exp", unixTime(token.expiresAt ?? issuedAt.addingTimeInterval(accessTokenLifetime))),
            ("aio", .string(uniqueTokenID())),
            (token.version == .v1 ? "appid" : "azp", .string(token.appID)),
            (token.version == .v1 ? "appidacr" : "azpacr", "2"),
        ]
        if token.version == .v1 { claims.append(("idp", .string("https://sts.windows.net/\(tenant)/"))) }
        if let identityType = token.identityType { claims.append(("idtyp", .string(identityType))) }
        claims.append(("oid", .string(token.objectID)))
        claims.append(("rh", "0.simulated."))
        if !token.roles.isEmpty { claims.append(("roles", .strings(token.roles))) }
        if !token.scopes.isEmpty { claims.append(("scp", .string(token.scopes.joined(separator: " ")))) }
        claims += [
            ("sub", .string(token.subject ?? token.objectID)),
            ("tid", .string(tenant)),
            ("uti", .string(uniqueTokenID())),
            ("ver", .string(token.version.rawValue)),
        ]
        var object = JSONValue.object(claims)
        for (name, value) in token.additionalClaims { object = object.setting(name, value) }

        switch token.signature {
        case .publishedKey:
            return try sign(object, core: core)
        case .unpublishedKey:
            let stranger = try SigningKey.generate(now: now)
            return try JSONWebToken.sign(header: ["typ": "JWT", "x5t": .string(stranger.keyID), "kid": .string(stranger.keyID)], claims: object, with: stranger.privateKey)
        case .stripped:
            let signed = try sign(object, core: core)
            return String(signed[..<signed.lastIndex(of: ".")!]) + "."
        }
    }
}
