public import Foundation

/// The answer to "has this user ever signed in?" as far as Graph tells.
public enum SignInActivityReading: Sendable {
    /// `lastSuccessfulSignInDateTime` (nil: no successful sign-in recorded; Entra keeps it since
    /// December 2023 and does not backfill it). Failed attempts are deliberately not counted: anyone
    /// can fail a sign-in as anyone.
    case readable(lastSuccessfulSignIn: Date?)
    /// Graph refused (403): AuditLog.Read.All is not granted, or the tenant has no Entra ID P1/P2.
    case unavailable(GraphError)
}
