/// The pass a new hire types in. Every textual form is redacted; read `revealedValue` only to hand
/// it to the delivery channel.
public struct TemporaryAccessPassSecret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public let revealedValue: String

    public init(_ value: String) { self.revealedValue = value }

    public var description: String { "<redacted temporary access pass>" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: []) }
}

/// What creating a pass returns: the method's metadata and, once only, the pass.
public struct CreatedTemporaryAccessPass: Sendable, Hashable {
    public var method: TemporaryAccessPassMethod
    public var pass: TemporaryAccessPassSecret
}
