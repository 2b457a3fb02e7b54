/// Who carried a message out, for receipts, errors, logs and the metric dimension `provider`.
public struct DeliveryProvider: Hashable, Sendable, Codable, CustomStringConvertible {
    public let name: String

    public init(_ name: String) { self.name = name }

    /// Azure Communication Services SMS.
    public static let azureCommunicationServices = DeliveryProvider("acs")
    public static let twilio = DeliveryProvider("twilio")
    /// Firstkey's signed JSON webhook.
    public static let webhook = DeliveryProvider("webhook")
    /// Microsoft Graph sendMail.
    public static let microsoftGraph = DeliveryProvider("graph")
    public static let smtp = DeliveryProvider("smtp")

    public var description: String { name }
}
