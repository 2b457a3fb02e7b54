/// The configured channels, one per kind: what the policy may plan with (`kinds`) and where a
/// message of each kind goes (`send`).
public struct DeliveryChannelSet: Sendable {
    private let channels: [DeliveryChannelKind: any DeliveryChannel]

    /// The first channel of each kind wins; later ones of the same kind are ignored.
    public init(_ channels: [any DeliveryChannel]) {
        var byKind: [DeliveryChannelKind: any DeliveryChannel] = [:]
        for channel in channels where byKind[channel.kind] == nil { byKind[channel.kind] = channel }
        self.channels = byKind
    }

    /// The kinds with a channel: `DeliveryPlanRequest.channels`.
    public var kinds: Set<DeliveryChannelKind> { Set(channels.keys) }

    public func channel(for kind: DeliveryChannelKind) -> (any DeliveryChannel)? { channels[kind] }

    /// Sends `message` over the channel of its kind; `invalidConfiguration` when there is none.
    public func send(_ message: DeliveryMessage) async throws(DeliveryError) -> DeliveryReceipt {
        guard let channel = channels[message.channel] else {
            throw DeliveryError(.invalidConfiguration, detail: "no \(message.channel) channel is configured")
        }
        return try await channel.send(message)
    }
}
