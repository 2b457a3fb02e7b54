public import Foundation

/// The validation handshake: answer `responseBody` with HTTP 200 (synchronous mode), or GET
/// `validationURL` within minutes (manual mode).
public struct EventGridSubscriptionValidation: Sendable, Hashable, CustomStringConvertible {
    public var validationCode: String
    public var validationURL: URL?

    public init(validationCode: String, validationURL: URL?) {
        self.validationCode = validationCode
        self.validationURL = validationURL
    }

    /// `{"validationResponse":"<code>"}`.
    public var responseBody: [UInt8] {
        let encoded = (try? JSONEncoder().encode(["validationResponse": validationCode])) ?? Data()
        return Array(encoded)
    }

    public var description: String { "Event Grid subscription validation" }
}
