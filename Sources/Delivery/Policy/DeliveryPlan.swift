public import Onboarding

/// Which messages a case gets and over which routes. Made by `DeliveryPolicy.plan`, which only
/// returns plans whose `violations` are empty.
public struct DeliveryPlan: Sendable, Hashable, CustomStringConvertible {
    public var mode: DeliveryMode
    /// In sending order: the pickup link before its code, the hire before the manager.
    public var messages: [PlannedMessage]
    /// What the plan leaves out and why (e.g. "the manager is not told: no e-mail address"), for
    /// the audit trail.
    public var notes: [String]

    public init(mode: DeliveryMode, messages: [PlannedMessage], notes: [String] = []) {
        self.mode = mode
        self.messages = messages
        self.notes = notes
    }

    public func message(_ kind: DeliveryMessageKind) -> PlannedMessage? {
        messages.first { $0.kind == kind }
    }

    /// Where to try `kind` next after `failed` was refused for good (a permanent error, or a
    /// provider report saying it was not delivered): the route after it in the message's list,
    /// or nil when none is left (then a person must be told). Every route returned keeps the
    /// split-channel rule with every route of the other messages, whatever they used.
    public func nextRoute(for kind: DeliveryMessageKind, after failed: DeliveryRoute) -> DeliveryRoute? {
        guard let routes = message(kind)?.routes, let index = routes.firstIndex(of: failed) else { return nil }
        let next = routes.index(after: index)
        return next < routes.endIndex ? routes[next] : nil
    }

    public var description: String {
        var lines = ["\(mode.rawValue):"] + messages.map { "  \($0)" }
        lines += notes.map { "  note: \($0)" }
        return lines.joined(separator: "\n")
    }
}
