public import Foundation

/// One HTTP request of an HTTP channel (ACS, Twilio, webhook), as plain data, built by pure
/// request builders.
public struct DeliveryHTTPRequest: Sendable, Hashable {
    public var method: String
    public var url: URL
    /// In order; names as sent.
    public var headers: [DeliveryHTTPHeader]
    public var body: [UInt8]

    public init(method: String = "POST", url: URL, headers: [DeliveryHTTPHeader] = [], body: [UInt8] = []) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }

    /// The first value of `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}
