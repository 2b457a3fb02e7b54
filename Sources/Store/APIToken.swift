public import Foundation

/// What an admin API token may do.
public enum APIScope: String, Hashable, Sendable, Codable, CaseIterable {
    /// List and show cases, read audit trails.
    case read
    /// Everything `read` may, and open, retry, cancel and re-send cases.
    case write
}

/// An admin API token as stored: only the SHA-256 of the token, never the token itself.
public struct APITokenRecord: Hashable, Sendable {
    public var id: String
    public var name: String
    public var tokenHash: String
    public var scopes: Set<APIScope>
    public var createdAt: Date
    public var revokedAt: Date?
    /// nil: never expires.
    public var expiresAt: Date?
    /// When it last opened the API (updated at most once a minute).
    public var lastUsedAt: Date?

    public init(id: String, name: String, tokenHash: String, scopes: Set<APIScope>, createdAt: Date, revokedAt: Date? = nil,
                expiresAt: Date? = nil, lastUsedAt: Date? = nil) {
        self.id = id
        self.name = name
        self.tokenHash = tokenHash
        self.scopes = scopes
        self.createdAt = createdAt
        self.revokedAt = revokedAt
        self.expiresAt = expiresAt
        self.lastUsedAt = lastUsedAt
    }

    public func isExpired(at now: Date) -> Bool {
        expiresAt.map { $0 <= now } ?? false
    }

    var scopesText: String { scopes.map(\.rawValue).sorted().joined(separator: ",") }

    static func scopes(from text: String) -> Set<APIScope> {
        Set(text.split(separator: ",").compactMap { APIScope(rawValue: String($0)) })
    }
}

/// Persistence of admin API tokens (hashed).
public protocol APITokenStore: Sendable {
    func storeAPIToken(_ token: APITokenRecord) async throws
    /// The live (not revoked) token with this hash.
    func apiToken(hash: String) async throws -> APITokenRecord?
    func revokeAPIToken(id: String, at: Date) async throws -> Bool
    /// Every token, revoked and expired ones too, oldest first.
    func listAPITokens() async throws -> [APITokenRecord]
    /// Notes that the token was used at `at` (skipped when it was noted less than a minute before).
    func recordAPITokenUse(id: String, at: Date) async throws
}

/// A signed-in portal or dashboard session as the store keeps it (never the session ID itself).
public struct SessionRecord: Hashable, Sendable {
    public var digest: String
    /// `portal` or `admin`.
    public var purpose: String
    /// The Entra object ID of the person signed in.
    public var objectID: String
    public var displayName: String?
    public var createdAt: Date
    public var expiresAt: Date
    public var endedAt: Date?

    public init(digest: String, purpose: String, objectID: String, displayName: String? = nil, createdAt: Date, expiresAt: Date, endedAt: Date? = nil) {
        self.digest = digest
        self.purpose = purpose
        self.objectID = objectID
        self.displayName = displayName
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.endedAt = endedAt
    }

    public func isLive(at now: Date) -> Bool { endedAt == nil && now < expiresAt }
}

/// Server-side sessions: a session ends for every instance at once.
public protocol SessionStore: Sendable {
    func createSession(_ session: SessionRecord) async throws
    /// The session with this digest, if it has not ended or expired.
    func liveSession(digest: String, now: Date) async throws -> SessionRecord?
    /// Ends one session; false if it had already ended.
    @discardableResult func endSession(digest: String, at time: Date) async throws -> Bool
    /// Ends every live session of `objectID` (nil: of everyone); how many ended.
    func endSessions(objectID: String?, at time: Date) async throws -> Int
    /// Live sessions, newest first.
    func liveSessions(now: Date) async throws -> [SessionRecord]
}

/// Marks that something happened once across every instance sharing the store.
public protocol OneTimeUseStore: Sendable {
    /// true the first time `digest` of `kind` is used; false while an earlier use is remembered
    /// (until `expiry`). Store a digest, never the value itself.
    func useOnce(kind: String, digest: String, until expiry: Date, now: Date) async throws -> Bool
}
