/// One message of a plan: what it is and the routes it may take, best first. Every route of a
/// message keeps the split-channel rule against every route of every other message, so falling
/// back never needs a new decision.
public struct PlannedMessage: Sendable, Hashable, CustomStringConvertible {
    public var kind: DeliveryMessageKind
    /// Primary route first, then fallbacks.
    public var routes: [DeliveryRoute]

    public init(kind: DeliveryMessageKind, routes: [DeliveryRoute]) {
        self.kind = kind
        self.routes = routes
    }

    /// The route to try first.
    public var primaryRoute: DeliveryRoute { routes[0] }

    /// What it may carry.
    public var content: Set<DeliveryContentItem> { kind.allowedContent }

    public var description: String {
        "\(kind) via " + routes.map(\.description).joined(separator: ", then ")
    }
}
