public import Foundation

/// Validates the ID token of the portal's OpenID Connect sign-in.
public struct IDTokenValidator: Sendable {
    public let policy: IDTokenPolicy
    private let keys: EntraSigningKeys
    private let now: @Sendable () -> Date

    public init(policy: IDTokenPolicy, keys: EntraSigningKeys, now: @escaping @Sendable () -> Date = { Date() }) {
        self.policy = policy
        self.keys = keys
        self.now = now
    }

    /// - Parameter expectedNonce: the nonce this sign-in sent in its authorization request.
    public func validate(_ idToken: String, expectedNonce: String) async throws(TokenValidationError) -> IDTokenClaims {
        let (payload, issuers) = try await SignedTokenVerifier.verify(idToken, keys: keys)
        return try policy.check(payload, issuers: issuers, expectedNonce: expectedNonce, now: now())
    }
}
