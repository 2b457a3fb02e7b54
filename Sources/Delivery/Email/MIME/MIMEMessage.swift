import Crypto
public import Foundation

/// The RFC 5322 message an SMTP server receives: headers, and a multipart/alternative body with
/// a UTF-8 text part and an HTML part (or the text part alone), both quoted-printable, CRLF line
/// ends, 7-bit clean. The Message-ID and the MIME boundary are derived from the idempotency key,
/// so a retried message is the same message. Pure.
public struct MIMEMessage: Sendable {
    public var messageID: String
    /// The whole message, CRLF line ends, not yet dot-stuffed.
    public var bytes: [UInt8]

    public init(_ message: DeliveryMessage, from sender: EmailAddress, date: Date) {
        let digest = SHA256.hash(data: Data("firstkey-mail\n\(message.idempotencyKey.rawValue)".utf8)).map { String($0, radix: 16).leftPadded(to: 2) }.joined()
        messageID = "<firstkey.\(digest.prefix(32))@\(sender.domain)>"
        let boundary = "=_firstkey_\(digest.suffix(24))"

        var headers = [
            "Date: \(Self.date(date))",
            "From: \(sender.headerValue)",
            "To: <\(message.recipient)>",
            "Subject: \(EncodedWord.encode(message.subject ?? ""))",
            "Message-ID: \(messageID)",
            "MIME-Version: 1.0",
            "Content-Language: \(message.language.code)",
            "Auto-Submitted: auto-generated",
            "X-Auto-Response-Suppress: All",
            "X-Firstkey-Idempotency-Key: \(message.idempotencyKey.rawValue)",
            "X-Firstkey-Tag: \(EncodedWord.encode(message.tag))",
        ]
        var body: [String]
        if let html = message.html {
            headers.append("Content-Type: multipart/alternative; boundary=\"\(boundary)\"")
            body = [
                "This is a multi-part message in MIME format.",
                "",
                "--\(boundary)",
            ]
            body += Self.part(contentType: "text/plain", message.text)
            body.append("--\(boundary)")
            body += Self.part(contentType: "text/html", html)
            body.append("--\(boundary)--")
        } else {
            headers += ["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: quoted-printable"]
            body = [QuotedPrintable.encode(message.text)]
        }
        bytes = Array((headers + [""] + body).joined(separator: "\r\n").utf8) + Array("\r\n".utf8)
    }

    private static func part(contentType: String, _ text: String) -> [String] {
        ["Content-Type: \(contentType); charset=utf-8", "Content-Transfer-Encoding: quoted-printable", "", QuotedPrintable.encode(text)]
    }

    /// RFC 5322 date in UTC: `Mon, 03 Mar 2025 09:00:00 +0000`.
    static func date(_ date: Date) -> String {
        String(HTTPDate.format(date).dropLast(3)) + "+0000"
    }
}
