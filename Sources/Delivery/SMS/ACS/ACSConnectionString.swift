public import Foundation

/// An Azure Communication Services connection string,
/// `endpoint=https://<resource>.communication.azure.com/;accesskey=<base64 key>` (§9): parts split
/// on `;`, key and value at the first `=`, keys case-insensitive. The key never prints.
public struct ACSConnectionString: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The endpoint without a trailing `/`.
    public let endpoint: URL
    /// The endpoint without its scheme (`<resource>.communication.azure.com`, with `:port` if it
    /// has one): the value signed as `host`.
    public let host: String
    let accessKey: [UInt8]

    /// Refuses a missing endpoint or key, a key that is not base64, and plain `http` except on
    /// loopback (the simulator).
    public init(_ text: String) throws(DeliveryError) {
        var parts: [String: String] = [:]
        for part in text.split(separator: ";") {
            let trimmed = String(part).trimmingWhitespace
            guard !trimmed.isEmpty else { continue }
            guard let equals = trimmed.firstIndex(of: "=") else {
                throw DeliveryError(.invalidConfiguration, provider: .azureCommunicationServices, detail: "the connection string has a part without '=' (expected endpoint=…;accesskey=…)")
            }
            parts[trimmed[..<equals].lowercased()] = String(trimmed[trimmed.index(after: equals)...])
        }
        guard let endpointText = parts["endpoint"], !endpointText.isEmpty else {
            throw DeliveryError(.invalidConfiguration, provider: .azureCommunicationServices, detail: "the connection string has no endpoint=")
        }
        guard let key = parts["accesskey"], !key.isEmpty else {
            throw DeliveryError(.invalidConfiguration, provider: .azureCommunicationServices, detail: "the connection string has no accesskey=")
        }
        guard let decoded = Data(base64Encoded: key), !decoded.isEmpty else {
            throw DeliveryError(.invalidConfiguration, provider: .azureCommunicationServices, detail: "the connection string's access key is not base64")
        }
        var trimmedEndpoint = endpointText
        while trimmedEndpoint.hasSuffix("/") { trimmedEndpoint.removeLast() }
        guard let url = URL(string: trimmedEndpoint), let scheme = url.scheme?.lowercased(), let hostName = url.host, !hostName.isEmpty else {
            throw DeliveryError(.invalidConfiguration, provider: .azureCommunicationServices, detail: "the connection string's endpoint is not a URL")
        }
        guard scheme == "https" || (scheme == "http" && LoopbackHost.contains(hostName)) else {
            throw DeliveryError(.invalidConfiguration, provider: .azureCommunicationServices, detail: "the endpoint must use https")
        }
        endpoint = url
        host = String(trimmedEndpoint.dropFirst(scheme.count + 3))
        accessKey = Array(decoded)
    }

    public var description: String { "endpoint=\(endpoint.absoluteString)/;accesskey=<redacted>" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["endpoint": endpoint], displayStyle: .struct) }
}
