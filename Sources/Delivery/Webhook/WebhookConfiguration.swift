public import Foundation

/// Settings for the signed JSON webhook.
public struct WebhookConfiguration: Sendable {
    /// The receiver; https, or http on loopback only.
    public var url: URL
    public var secret: WebhookSigningSecret
    public var requestTimeout: Duration

    public init(url: URL, secret: WebhookSigningSecret, requestTimeout: Duration = .seconds(30)) throws(DeliveryError) {
        guard let scheme = url.scheme?.lowercased(), let host = url.host, scheme == "https" || (scheme == "http" && LoopbackHost.contains(host)) else {
            throw DeliveryError(.invalidConfiguration, provider: .webhook, detail: "the webhook URL must use https")
        }
        self.url = url
        self.secret = secret
        self.requestTimeout = requestTimeout
    }
}
