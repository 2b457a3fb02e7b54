/// Choices an administrator makes once (policy settings), not per case.
public struct DeliveryPlanOptions: Sendable, Hashable, Codable {
    /// Where the pickup link (with the username) goes; the pickup code goes to the other of the
    /// hire's two destinations. Default: the link by e-mail, the short code by SMS.
    public var pickupLinkDestination: DeliveryDestination
    /// Also send the manager the username and instructions (never a link, code or secret) when
    /// the case has a manager address and e-mail is configured.
    public var notifyManager: Bool
    /// Self-service: where the portal invitation goes first (the other hire destination is its fallback).
    public var portalInvitationDestination: DeliveryDestination

    public init(
        pickupLinkDestination: DeliveryDestination = .hirePrivateEmail, notifyManager: Bool = true,
        portalInvitationDestination: DeliveryDestination = .hirePrivateEmail
    ) {
        self.pickupLinkDestination = pickupLinkDestination
        self.notifyManager = notifyManager
        self.portalInvitationDestination = portalInvitationDestination
    }
}
