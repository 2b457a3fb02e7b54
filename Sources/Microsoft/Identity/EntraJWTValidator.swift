public import Foundation

/// Validates access tokens that callers (e.g. the Logic App forwarding a Lifecycle Workflows
/// callout, with its managed identity) present to Firstkey: RS256 signature from the tenant's
/// keys, issuer (v1 or v2), audience, lifetime, allow-listed caller, optional role.
public struct EntraJWTValidator: Sendable {
    public let policy: EntraAccessTokenPolicy
    private let keys: EntraSigningKeys
    private let now: @Sendable () -> Date

    public init(policy: EntraAccessTokenPolicy, keys: EntraSigningKeys, now: @escaping @Sendable () -> Date = { Date() }) {
        self.policy = policy
        self.keys = keys
        self.now = now
    }

    /// The token's claims, or a `TokenValidationError` naming the failed check.
    public func validate(_ token: String) async throws(TokenValidationError) -> EntraAccessTokenClaims {
        let (payload, issuers) = try await SignedTokenVerifier.verify(token, keys: keys)
        return try policy.check(payload, issuers: issuers, now: now())
    }

    /// Validates the value of an `Authorization` header (`Bearer …`).
    public func validate(authorizationHeader: String?) async throws(TokenValidationError) -> EntraAccessTokenClaims {
        guard let header = authorizationHeader?.trimmingCharacters(in: .whitespaces), header.count > 7,
              header.prefix(7).lowercased() == "bearer "
        else {
            throw TokenValidationError(.malformedToken, "the request carries no bearer token")
        }
        return try await validate(String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces))
    }
}
