import Foundation
import HTTPTypes

/// What a refresh token (issued only when `offline_access` was requested) stands for.
struct RefreshTokenGrant: Sendable {
    /// Entra's refresh tokens for web apps live 90 days (inactive: 90 days).
    static let lifetime: TimeInterval = 90 * 86400

    var clientID: String
    var scopes: [String]
    var nonce: String?
    var claims: JSONValue?
    var signIn: SignIn
    var issuedAt: Date
}
