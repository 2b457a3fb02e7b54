import Foundation
import HTTPTypes

/// `sendMail` with `Content-Type: text/plain`: the body is a base64 MIME message. Only the
/// headers the outbox records are read (From, To, Cc, Bcc, Subject, Content-Type, X-*) and a
/// single-part body.
enum MIMEMessage {
    static func parse(_ body: [UInt8], mailbox: String) throws(GraphError) -> SentMail {
        let text = String(decoding: body, as: UTF8.self).filter { !$0.isWhitespace }
        guard let data = Data(base64Encoded: text), let message = String(data: data, encoding: .utf8) else {
            throw GraphError(.badRequest, "ErrorMimeContentInvalidBase64String", "Invalid base64 string for MIME content.")
        }
        let normalized = message.replacingOccurrences(of: "\r\n", with: "\n")
        let split = normalized.range(of: "\n\n")
        let headerText = split.map { String(normalized[..<$0.lowerBound]) } ?? normalized
        let bodyText = split.map { String(normalized[$0.upperBound...]) } ?? ""
        var headers: [(String, String)] = []
        for line in headerText.split(separator: "\n", omittingEmptySubsequences: false) {
            if let first = line.first, first == " " || first == "\t", !headers.isEmpty {
                headers[headers.count - 1].1 += " " + line.trimmingCharacters(in: .whitespaces)
            } else if let colon = line.firstIndex(of: ":") {
                headers.append((String(line[..<colon]).trimmingCharacters(in: .whitespaces), String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)))
            }
        }
        func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
        func addresses(_ name: String) -> [String] {
            (header(name) ?? "").split(separator: ",").map { part in
                let trimmed = part.trimmingCharacters(in: .whitespaces)
                if let open = trimmed.firstIndex(of: "<"), let close = trimmed.lastIndex(of: ">"), open < close {
                    return String(trimmed[trimmed.index(after: open)..<close])
                }
                return trimmed
            }.filter { !$0.isEmpty }
        }
        let type = (header("Content-Type") ?? "text/plain").lowercased().hasPrefix("text/html") ? "HTML" : "Text"
        return SentMail(userID: "", from: addresses("From").first ?? mailbox, toRecipients: addresses("To"), ccRecipients: addresses("Cc"),
                        bccRecipients: addresses("Bcc"), subject: header("Subject") ?? "", contentType: type, body: bodyText,
                        headers: headers.filter { $0.0.lowercased().hasPrefix("x-") }.map { SentMail.MailHeader(name: $0.0, value: $0.1) },
                        saveToSentItems: true, senderAppID: "", sentAt: Date())
    }
}
