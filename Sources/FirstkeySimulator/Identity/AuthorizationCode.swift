import Foundation
import HTTPTypes

/// An issued authorization code: single use, about ten minutes of life, bound to its client,
/// redirect URI and PKCE challenge.
struct AuthorizationCode: Sendable {
    static let lifetime: TimeInterval = 600

    var code: String
    var request: AuthorizationRequest
    var signIn: SignIn
    var issuedAt: Date
    var redeemed = false

    func isExpired(at now: Date) -> Bool { now >= issuedAt.addingTimeInterval(Self.lifetime) }
}
