import Crypto
public import Foundation
import HTTPTypes
public import Hummingbird
public import Store

/// Admin API tokens: `fk_` + 32 random bytes (base64url). Only their SHA-256 is stored, so a
/// leaked database yields no usable token; lookup by hash needs no secret comparison at all.
public enum APITokens {
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return "fk_" + Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    public static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Creates and stores a token; returns it once (it cannot be read back later).
    public static func issue(name: String, scopes: Set<APIScope>, expiresAt: Date? = nil, store: any APITokenStore) async throws -> (token: String, record: APITokenRecord) {
        let token = generate()
        let record = APITokenRecord(id: "tok_" + UUID().uuidString.lowercased().prefix(8), name: name, tokenHash: hash(token), scopes: scopes, createdAt: Date(),
                                    expiresAt: expiresAt)
        try await store.storeAPIToken(record)
        return (token, record)
    }
}

/// Requires `Authorization: Bearer <token>` on every API request and records its scopes.
public struct BearerTokenMiddleware: RouterMiddleware {
    public typealias Context = AdminRequestContext
    let store: any APITokenStore

    public init(store: any APITokenStore) { self.store = store }

    public func handle(_ request: Request, context: AdminRequestContext, next: (Request, AdminRequestContext) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization] else {
            throw APIError.unauthorized("an API token is required: send Authorization: Bearer <token>")
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer", parts[1].hasPrefix("fk_") else {
            throw APIError.unauthorized("the Authorization header must be: Bearer <token>")
        }
        guard let record = try await store.apiToken(hash: APITokens.hash(String(parts[1]))) else {
            throw APIError.unauthorized("the API token is unknown or revoked")
        }
        let now = Date()
        guard !record.isExpired(at: now) else {
            throw APIError.unauthorized("the API token \(record.id) has expired: create a new one with 'firstkey tokens create'")
        }
        try await store.recordAPITokenUse(id: record.id, at: now)
        var context = context
        context.tokenID = record.id
        context.tokenName = record.name
        context.scopes = record.scopes
        return try await next(request, context)
    }
}

extension AdminRequestContext {
    func require(_ scope: APIScope) throws {
        guard scopes.contains(scope) || (scope == .read && scopes.contains(.write)) else {
            throw APIError(.forbidden, code: "forbidden", message: "this token lacks the '\(scope.rawValue)' scope")
        }
    }
}
