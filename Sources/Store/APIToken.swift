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

    public init(id: String, name: String, tokenHash: String, scopes: Set<APIScope>, createdAt: Date, revokedAt: Date? = nil) {
        self.id = id
        self.name = name
        self.tokenHash = tokenHash
        self.scopes = scopes
        self.createdAt = createdAt
        self.revokedAt = revokedAt
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
}
