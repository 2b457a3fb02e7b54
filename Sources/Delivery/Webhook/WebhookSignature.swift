import Crypto
public import Foundation

/// How a webhook receiver knows a request is Firstkey's and fresh:
///
///     X-Firstkey-Timestamp: <unix seconds>
///     X-Firstkey-Signature: sha256=<lower-case hex of HMAC-SHA256(secret, "<timestamp>.<raw body>")>
///
/// The receiver recomputes the HMAC over the timestamp header's value, a `.` and the exact body
/// bytes, compares in constant time, and refuses timestamps more than 5 minutes away from its
/// clock (a replayed request). Pure.
public enum WebhookSignature {
    public static let signatureHeader = "X-Firstkey-Signature"
    public static let timestampHeader = "X-Firstkey-Timestamp"

    /// `sha256=<hex>` for `body` sent at `timestamp`.
    public static func sign(body: [UInt8], timestamp: Int64, secret: WebhookSigningSecret) -> String {
        "sha256=" + hex(mac(body: body, timestamp: String(timestamp), secret: secret))
    }

    /// Whether the headers are a valid signature of `body` made within `tolerance` of `now`.
    public static func verify(
        body: [UInt8], timestampHeader: String?, signatureHeader: String?, secret: WebhookSigningSecret, now: Date,
        tolerance: Duration = .seconds(300)
    ) -> Bool {
        guard let timestampHeader, let seconds = Int64(timestampHeader), let signatureHeader, signatureHeader.hasPrefix("sha256=") else { return false }
        guard abs(now.timeIntervalSince1970 - Double(seconds)) <= tolerance.secondsDouble else { return false }
        let expected = Array(("sha256=" + hex(mac(body: body, timestamp: timestampHeader, secret: secret))).utf8)
        return ConstantTime.equal(expected, Array(signatureHeader.lowercased().utf8))
    }

    private static func mac(body: [UInt8], timestamp: String, secret: WebhookSigningSecret) -> [UInt8] {
        var message = Array(timestamp.utf8)
        message.append(UInt8(ascii: "."))
        message += body
        return Array(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: secret.bytes)))
    }

    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String($0, radix: 16).leftPadded(to: 2) }.joined()
    }
}
