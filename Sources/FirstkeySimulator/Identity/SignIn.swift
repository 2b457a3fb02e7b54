import Foundation
import HTTPTypes

/// What happened on the test login page: who signed in, how, and which token shape to issue.
struct SignIn: Sendable {
    enum TokenVersion: String, Sendable {
        case v1 = "1.0"
        case v2 = "2.0"
    }

    var userID: String
    /// Authentication method references, e.g. `pwd`, `mfa`, `rsa`, `ngcmfa`.
    var authenticationMethods: [String]
    /// Satisfied authentication contexts, e.g. `c1`.
    var authenticationContexts: [String]
    var authenticatedAt: Date
    var tokenVersion: TokenVersion
    /// The session ID (`sid`).
    var sessionID: String
}
