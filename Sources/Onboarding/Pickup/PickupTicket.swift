public import Foundation

/// A one-time pickup of a case's secret (temporary password or TAP) through a link whose token
/// is in the message and a code that travels over the other channel. Only digests are kept:
/// the token's SHA-256 (to find the ticket) and a keyed digest of the code (to check it).
/// Deciding what a submission does is pure (`PickupPolicy`); the store applies the decision
/// with a conditional update, so a secret is revealed at most once however many requests race.
public struct PickupTicket: Hashable, Sendable, Codable {
    public enum State: String, Hashable, Sendable, Codable {
        case open
        /// The secret was shown once and then destroyed.
        case revealed
        /// Too many wrong codes: the secret was destroyed and the case escalated.
        case burned
        /// The link's lifetime ended before a right code came.
        case expired
    }

    public var caseID: CaseID
    /// Hex SHA-256 of the link token.
    public var tokenDigest: String
    /// Hex keyed digest (HMAC-SHA-256) of the code.
    public var codeDigest: String
    public var attemptsLeft: Int
    public var state: State
    public var createdAt: Date
    public var expiresAt: Date

    public init(caseID: CaseID, tokenDigest: String, codeDigest: String, attempts: Int, createdAt: Date, expiresAt: Date) {
        self.caseID = caseID
        self.tokenDigest = tokenDigest
        self.codeDigest = codeDigest
        self.attemptsLeft = attempts
        self.state = .open
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}
