/// The person a message is for.
public enum DeliveryAudience: String, Sendable, Hashable, Codable, CustomStringConvertible {
    case hire
    case manager

    public var description: String { rawValue }
}
