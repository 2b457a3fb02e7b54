/// What a message is for. The kind decides what it may carry (`DeliveryContentItem`), who may
/// receive it and which template renders it.
public enum DeliveryMessageKind: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// To the hire: the one-time link to the pickup page, with the username and instructions.
    case pickupLink = "pickup-link"
    /// To the hire, over the other route: only the code the pickup page asks for.
    case pickupCode = "pickup-code"
    /// To the hire (self-service): the portal link, the username and instructions.
    case portalInvitation = "portal-invitation"
    /// To the manager: the username and instructions, never a link, code or secret.
    case managerNotice = "manager-notice"
    /// To the hire, on its own once the first-password portal has written their password, over
    /// the other channel than the web: when it was set and whom to call if it was not them. It
    /// carries no secret, so it may name the username. Never part of a mode's delivery plan.
    case passwordSetNotice = "password-set-notice"

    public var description: String { rawValue }

    /// Everything this kind of message may contain. The renderer hands a template nothing else.
    public var allowedContent: Set<DeliveryContentItem> {
        switch self {
        case .pickupLink: [.username, .displayName, .pickupLink, .instructions]
        case .pickupCode: [.pickupCode]
        case .portalInvitation: [.username, .displayName, .portalLink, .instructions]
        case .managerNotice: [.username, .displayName, .portalLink, .instructions]
        case .passwordSetNotice: [.username, .passwordSetTime, .instructions]
        }
    }

    /// Whether a delivery mode's plan may hold this kind. The password-set notice is not: it is
    /// sent on its own (`DeliveryPolicy.passwordSetNoticeRoutes`, `DeliveryComposer.passwordSetNotice`).
    public var isPlanned: Bool {
        switch self {
        case .pickupLink, .pickupCode, .portalInvitation, .managerNotice: true
        case .passwordSetNotice: false
        }
    }

    /// Who may receive it.
    public var audience: DeliveryAudience {
        self == .managerNotice ? .manager : .hire
    }
}
