/// The shared secret that signs webhook requests: at least 32 bytes (e.g. `openssl rand -hex 32`).
/// Never printed.
public struct WebhookSigningSecret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public static let minimumLength = 32

    let bytes: [UInt8]

    public init(_ text: String) throws(DeliveryError) {
        let bytes = Array(text.utf8)
        guard bytes.count >= Self.minimumLength else {
            throw DeliveryError(.invalidConfiguration, provider: .webhook, detail: "the webhook signing secret must be at least \(Self.minimumLength) bytes (e.g. openssl rand -hex 32)")
        }
        self.bytes = bytes
    }

    public var description: String { "<redacted webhook secret>" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
