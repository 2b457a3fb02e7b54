/// Sends one request and returns the whole response. The production transport is
/// `AsyncHTTPClientTransport`; tests may script one.
///
/// Implementations throw `MicrosoftTransportError` when no response arrived.
public protocol MicrosoftHTTPTransport: Sendable {
    func send(_ request: MicrosoftHTTPRequest, timeout: Duration) async throws -> MicrosoftHTTPResponse
}
