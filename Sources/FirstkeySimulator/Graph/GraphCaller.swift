import Foundation
import HTTPTypes

/// Who called Graph, from a verified bearer token.
struct GraphCaller: Sendable {
    /// `appid` (or `azp`) of the token.
    var appID: String
    /// `oid`: the service principal (app-only) or the user (delegated).
    var objectID: String
    /// Application permissions (`roles`).
    var roles: Set<String>
    /// Delegated permissions (`scp`).
    var scopes: Set<String>

    var isAppOnly: Bool { scopes.isEmpty }

    /// Throws 403 unless the token holds one of `permissions` (as a role for app-only tokens,
    /// as a scope for delegated ones).
    func require(anyOf permissions: [String]) throws(GraphError) {
        let held = isAppOnly ? roles : scopes
        guard permissions.contains(where: { held.contains($0) }) else { throw GraphError.insufficientPrivileges }
    }

    func holds(anyOf permissions: [String]) -> Bool {
        let held = isAppOnly ? roles : scopes
        return permissions.contains { held.contains($0) }
    }
}
