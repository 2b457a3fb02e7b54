public import Foundation

/// A bearer token from the token endpoint. Its value is never printed: `description`,
/// `debugDescription` and reflection show only scope and expiry.
public struct EntraAccessToken: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The raw token, for the `Authorization` header only.
    public let value: String
    /// The scope it was requested for, e.g. `https://graph.microsoft.com/.default`.
    public let scope: String
    public let expiresAt: Date

    public init(value: String, scope: String, expiresAt: Date) {
        self.value = value
        self.scope = scope
        self.expiresAt = expiresAt
    }

    var authorizationHeader: String { "Bearer \(value)" }

    public var description: String { "access token for \(scope) valid until \(expiresAt)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["scope": scope, "expiresAt": expiresAt]) }
}
