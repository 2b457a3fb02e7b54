import Crypto
public import Foundation

/// HMAC-SHA256 request signing for Azure Communication Services (§9, as the azure-communication
/// SDKs' `HMACCredentialsPolicy` does it). Pure: the same inputs give the same headers.
public struct ACSRequestSigner: Sendable {
    public let host: String
    private let accessKey: SymmetricKey

    public init(connectionString: ACSConnectionString) {
        self.init(host: connectionString.host, accessKey: connectionString.accessKey)
    }

    /// `host` as signed (the endpoint without scheme), `accessKey` the decoded key bytes.
    public init(host: String, accessKey: [UInt8]) {
        self.host = host
        self.accessKey = SymmetricKey(data: accessKey)
    }

    /// base64(SHA-256(body)); an empty body hashes the empty string.
    public static func contentHash(_ body: [UInt8]) -> String {
        Data(SHA256.hash(data: body)).base64EncodedString()
    }

    /// `VERB\npath-and-query\n<x-ms-date>;<host>;<content hash>`: header values joined by `;`.
    public static func stringToSign(method: String, pathAndQuery: String, date: String, host: String, contentHash: String) -> String {
        "\(method.uppercased())\n\(pathAndQuery)\n\(date);\(host);\(contentHash)"
    }

    /// base64(HMAC-SHA256(key, UTF-8 string to sign)).
    public func signature(of stringToSign: String) -> String {
        Data(HMAC<SHA256>.authenticationCode(for: Data(stringToSign.utf8), using: accessKey)).base64EncodedString()
    }

    /// The headers that authenticate a request: `x-ms-date`, `x-ms-content-sha256` and
    /// `Authorization: HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=…`.
    /// `pathAndQuery` is everything after the host, e.g. `/sms?api-version=2021-03-07`. The
    /// `Host` header itself is the transport's (it must equal `host`).
    public func headers(method: String, pathAndQuery: String, body: [UInt8], date: Date) -> [DeliveryHTTPHeader] {
        let dateText = HTTPDate.format(date)
        let hash = Self.contentHash(body)
        let signed = signature(of: Self.stringToSign(method: method, pathAndQuery: pathAndQuery, date: dateText, host: host, contentHash: hash))
        return [
            DeliveryHTTPHeader("x-ms-date", dateText),
            DeliveryHTTPHeader("x-ms-content-sha256", hash),
            DeliveryHTTPHeader("Authorization", "HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=\(signed)"),
        ]
    }
}
