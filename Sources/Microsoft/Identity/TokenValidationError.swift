/// An inbound token was refused. `description` names the failed check in plain words and the
/// claim values involved (issuer, audience, caller — none of them secret); it never repeats the
/// token.
public struct TokenValidationError: Error, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case malformedToken, unsupportedAlgorithm, unknownSigningKey, signingKeysUnavailable, invalidSignature, expired,
                 notYetValid, wrongIssuer, wrongAudience, wrongTenant, wrongVersion, callerNotAllowed, missingRole, missingClaim,
                 wrongNonce, authenticationTooOld
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        public static let malformedToken = Code(.malformedToken)
        /// Not RS256 (Entra signs with RS256; anything else is refused, including `none`).
        public static let unsupportedAlgorithm = Code(.unsupportedAlgorithm)
        /// The `kid` is not in the tenant's key set, even after refetching it.
        public static let unknownSigningKey = Code(.unknownSigningKey)
        /// The discovery document or key set could not be fetched.
        public static let signingKeysUnavailable = Code(.signingKeysUnavailable)
        public static let invalidSignature = Code(.invalidSignature)
        public static let expired = Code(.expired)
        public static let notYetValid = Code(.notYetValid)
        public static let wrongIssuer = Code(.wrongIssuer)
        public static let wrongAudience = Code(.wrongAudience)
        public static let wrongTenant = Code(.wrongTenant)
        /// A token version (v1/v2) the policy does not accept, or `ver` contradicting `iss`.
        public static let wrongVersion = Code(.wrongVersion)
        /// `appid` (v1) / `azp` (v2) is not on the allow-list.
        public static let callerNotAllowed = Code(.callerNotAllowed)
        public static let missingRole = Code(.missingRole)
        public static let missingClaim = Code(.missingClaim)
        public static let wrongNonce = Code(.wrongNonce)
        /// `auth_time` is older than the policy allows, or absent when required.
        public static let authenticationTooOld = Code(.authenticationTooOld)

        public var description: String { base.rawValue }
    }

    public var code: Code
    /// The failed check in plain words, e.g. "it expired at 2024-05-01 10:00:00 +0000".
    public var reason: String

    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    public var description: String { "The token was refused because \(reason)." }
}
