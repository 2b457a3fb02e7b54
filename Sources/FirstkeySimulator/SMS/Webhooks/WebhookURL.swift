import Foundation

/// A URL the simulator may call back: absolute `http` or `https`, and — because a simulator must
/// never reach beyond the test machine — on loopback (`127.0.0.0/8`, `::1`, `localhost`).
struct WebhookURL: Sendable, Hashable {
    /// The URL as registered (what Twilio signs).
    var text: String
    var isHTTPS: Bool
    /// Without brackets for IPv6.
    var host: String
    var port: Int
    /// `Host` header value: the authority as written in the URL.
    var authority: String
    /// Path and query as written (`/` when empty); the fragment is never sent.
    var target: String

    enum Problem: Error, Equatable {
        case notHTTP
        case notLoopback
    }

    init(_ text: String) throws(Problem) {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
              var host = components.host, !host.isEmpty, components.user == nil, components.password == nil
        else { throw .notHTTP }
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard Self.isLoopback(host) else { throw .notLoopback }
        self.text = text
        self.isHTTPS = scheme == "https"
        self.host = host
        self.port = components.port ?? (scheme == "https" ? 443 : 80)
        let urlHost = host.contains(":") ? "[\(host)]" : host
        self.authority = components.port.map { "\(urlHost):\($0)" } ?? urlHost
        var target = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath
        if let query = components.percentEncodedQuery { target += "?" + query }
        self.target = target
    }

    static func isLoopback(_ host: String) -> Bool {
        let lowered = host.lowercased()
        if lowered == "localhost" || lowered == "::1" || lowered == "0:0:0:0:0:0:0:1" { return true }
        let parts = lowered.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }

    /// Whether `host` is an IP literal (TLS then verifies the certificate's IP SAN, not a name).
    var hostIsAddress: Bool {
        host.contains(":") || host.split(separator: ".").count == 4 && host.split(separator: ".").allSatisfy { UInt8($0) != nil }
    }
}
