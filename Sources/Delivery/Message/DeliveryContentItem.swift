/// One piece of what a message can say. There is deliberately no item for a password or a
/// Temporary Access Pass: a secret is never put into a message, only shown on the pickup page.
public enum DeliveryContentItem: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    case username
    case displayName = "display-name"
    /// The one-time pickup page link (a bearer link: half of what reveals the secret).
    case pickupLink = "pickup-link"
    /// The code the pickup page asks for (the other half).
    case pickupCode = "pickup-code"
    /// The first-password portal (not per hire, not secret).
    case portalLink = "portal-link"
    /// When the hire's first password was set (the password-set notice only).
    case passwordSetTime = "password-set-time"
    /// Dates, what to do, whom to ask.
    case instructions

    public var description: String { rawValue }
}
