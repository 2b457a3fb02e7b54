/// The server's acceptance of a message.
public struct SMTPDeliveryResult: Sendable, Hashable {
    /// The reply to the message's end, e.g. `250 2.0.0 Ok: queued as 4Bc…`.
    public var reply: SMTPReply
}
