import Foundation

/// A whole response; provider answers are small.
public struct DeliveryHTTPResponse: Sendable, Hashable {
    public var status: Int
    public var headers: [DeliveryHTTPHeader]
    public var body: [UInt8]

    public init(status: Int, headers: [DeliveryHTTPHeader] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// `Retry-After` in seconds (decimal) or as an HTTP date, relative to `now`.
    func retryAfter(now: Date) -> Duration? {
        guard let value = header("Retry-After")?.trimmingWhitespace, !value.isEmpty else { return nil }
        if let seconds = Double(value), seconds >= 0, seconds.isFinite { return .milliseconds(Int64(min(seconds, 86_400) * 1000)) }
        if let date = HTTPDate.parse(value) { return .milliseconds(Int64(max(0, min(date.timeIntervalSince(now), 86_400)) * 1000)) }
        return nil
    }
}
