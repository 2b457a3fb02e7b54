/// One way to send one message: a destination and the channel that reaches it.
public struct DeliveryRoute: Sendable, Hashable, Codable, CustomStringConvertible {
    public var destination: DeliveryDestination
    public var channel: DeliveryChannelKind
    /// The normalized number (E.164) or address.
    public var address: String

    public init(destination: DeliveryDestination, channel: DeliveryChannelKind, address: String) {
        self.destination = destination
        self.channel = channel
        self.address = address
    }

    public var description: String { "\(channel) to \(destination) (\(RecipientMask.mask(address)))" }
}
