/// A password made by ``PasswordGenerator``. Printing, interpolating, dumping or mirroring it
/// shows only its style and strength, never ``value``, so it cannot leak into logs by accident.
public struct GeneratedPassword: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The password itself.
    public let value: String
    /// log2 of the number of equally likely passwords the generator could have produced.
    public let entropyBits: Double
    public let style: PasswordGenerator.Style

    init(value: String, entropyBits: Double, style: PasswordGenerator.Style) {
        self.value = value
        self.entropyBits = entropyBits
        self.style = style
    }

    public var description: String {
        "GeneratedPassword(\(style.rawValue), \(Int(entropyBits.rounded(.down))) bits)"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(self, children: ["style": style, "entropyBits": entropyBits], displayStyle: .struct)
    }
}
