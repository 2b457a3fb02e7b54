/// Sends one request and returns the whole response. `AsyncHTTPClientDeliveryTransport` is the
/// production one; tests may script one. Throws `DeliveryError` (`unreachable`, `tlsFailed`,
/// `timedOut`, `connectionLost`) when no response arrived.
public protocol DeliveryHTTPTransport: Sendable {
    func send(_ request: DeliveryHTTPRequest, timeout: Duration) async throws(DeliveryError) -> DeliveryHTTPResponse
}
