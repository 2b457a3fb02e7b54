public import Onboarding

/// Everything the policy decides on: the case's mode and addresses, and what is configured.
public struct DeliveryPlanRequest: Sendable, Hashable {
    public var mode: DeliveryMode
    public var recipients: Recipients
    /// The channel kinds that have a configured, working provider.
    public var channels: Set<DeliveryChannelKind>
    public var options: DeliveryPlanOptions

    public init(mode: DeliveryMode, recipients: Recipients, channels: Set<DeliveryChannelKind>, options: DeliveryPlanOptions = DeliveryPlanOptions()) {
        self.mode = mode
        self.recipients = recipients
        self.channels = channels
        self.options = options
    }
}
