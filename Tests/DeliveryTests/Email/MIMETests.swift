import Foundation
import Onboarding
import Testing
@testable import Delivery

@Suite struct QuotedPrintableTests {
    @Test func vectors() {
        #expect(QuotedPrintable.encode("Hello") == "Hello")
        #expect(QuotedPrintable.encode("a=b") == "a=3Db")
        #expect(QuotedPrintable.encode("Grüße") == "Gr=C3=BC=C3=9Fe")
        #expect(QuotedPrintable.encode("trailing space \nand tab\t") == "trailing space=20\r\nand tab=09")
        #expect(QuotedPrintable.encode(".\n.hidden\nmid.dle") == "=2E\r\n=2Ehidden\r\nmid.dle")
        #expect(QuotedPrintable.encode("a\r\nb\rc\nd") == "a\r\nb\r\nc\r\nd")
    }

    @Test func longLinesGetSoftBreaks() {
        let line = String(repeating: "x", count: 200)
        let encoded = QuotedPrintable.encode(line)
        let physical = encoded.components(separatedBy: "\r\n")
        #expect(physical.allSatisfy { $0.utf8.count <= 76 })
        #expect(physical.dropLast().allSatisfy { $0.hasSuffix("=") })
        #expect(Self.decode(encoded) == line)
    }

    @Test func escapesAreNeverSplit() {
        let text = String(repeating: "ü", count: 60) + " end"
        let encoded = QuotedPrintable.encode(text)
        for line in encoded.components(separatedBy: "\r\n") {
            #expect(line.utf8.count <= 76)
            let withoutSoftBreak = line.hasSuffix("=") ? String(line.dropLast()) : line
            #expect(!withoutSoftBreak.hasSuffix("=") && !withoutSoftBreak.dropLast().hasSuffix("="), "\(line)")
        }
        #expect(Self.decode(encoded) == text)
    }

    @Test func roundTripsEveryTemplate() throws {
        let composer = try Samples.composer(organization: "Müller & Söhne")
        let plan = try DeliveryPolicy.plan(DeliveryPlanRequest(mode: .tap, recipients: Samples.allRecipients, channels: [.sms, .email]))
        for message in try composer.messages(for: plan, content: Samples.content(language: .german), idempotencyKey: .delivery(caseID: "c", round: 0), tag: "c", firstAttemptAt: Samples.epoch) {
            #expect(Self.decode(QuotedPrintable.encode(message.text)) == message.text.replacing("\n", with: "\r\n"))
            if let html = message.html { #expect(Self.decode(QuotedPrintable.encode(html)) == html.replacing("\n", with: "\r\n")) }
        }
    }

    /// An independent decoder (RFC 2045 §6.7 rules, written for the test).
    static func decode(_ encoded: String) -> String {
        var bytes: [UInt8] = []
        let input = Array(encoded.utf8)
        var index = 0
        while index < input.count {
            let byte = input[index]
            if byte == UInt8(ascii: "=") {
                if index + 2 < input.count + 0, input[index + 1] == 13, input[index + 2] == 10 {
                    index += 3
                    continue
                }
                let hex = String(decoding: input[(index + 1)...(index + 2)], as: UTF8.self)
                bytes.append(UInt8(hex, radix: 16)!)
                index += 3
            } else {
                bytes.append(byte)
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

@Suite struct MIMEMessageTests {
    let sender = try! EmailAddress("noreply@contoso.com", displayName: "Contoso IT – Onboarding")

    private func mail(html: String? = "<p>Hallo</p>", key: String = "firstkey/c/deliver/0/pickup-link/email") -> DeliveryMessage {
        Samples.message(
            channel: .email, recipient: "kathy@example.org", text: "Hallo Kathy,\n.\nGrüße", subject: "Willkommen bei Contoso: Wählen Sie Ihr Passwort",
            html: html, key: key, kind: .pickupLink, language: .german)
    }

    @Test func structure() throws {
        let mime = MIMEMessage(mail(), from: sender, date: Samples.epoch)
        let text = String(decoding: mime.bytes, as: UTF8.self)
        #expect(mime.bytes.allSatisfy { $0 < 0x80 }, "7-bit clean")
        let lines = text.components(separatedBy: "\r\n")
        #expect(!text.replacing("\r\n", with: "").contains("\n"), "only CRLF line ends")
        #expect(lines.allSatisfy { $0.utf8.count <= 998 })
        #expect(lines.contains("Date: Wed, 19 Feb 2025 21:20:00 +0000"))
        #expect(lines.contains("To: <kathy@example.org>"))
        #expect(lines.contains("MIME-Version: 1.0"))
        #expect(lines.contains("Content-Language: de"))
        #expect(lines.contains("Auto-Submitted: auto-generated"))
        #expect(lines.contains("X-Firstkey-Idempotency-Key: firstkey/c/deliver/0/pickup-link/email"))
        #expect(lines.contains("Message-ID: \(mime.messageID)"))
        #expect(mime.messageID.hasPrefix("<firstkey.") && mime.messageID.hasSuffix("@contoso.com>"))
        #expect(lines.contains { $0.hasPrefix("From: =?UTF-8?B?") && $0.hasSuffix(" <noreply@contoso.com>") })
        #expect(lines.contains { $0.hasPrefix("Subject: =?UTF-8?B?") })
        let boundaryLine = try #require(lines.first { $0.hasPrefix("Content-Type: multipart/alternative; boundary=") })
        let boundary = String(boundaryLine.split(separator: "\"")[1])
        #expect(lines.filter { $0 == "--\(boundary)" }.count == 2)
        #expect(lines.last(where: { !$0.isEmpty }) == "--\(boundary)--")
        #expect(text.contains("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nHallo Kathy,\r\n=2E\r\nGr=C3=BC=C3=9Fe"))
        #expect(text.contains("Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n<p>Hallo</p>"))
    }

    @Test func textOnly() {
        let text = String(decoding: MIMEMessage(mail(html: nil), from: sender, date: Samples.epoch).bytes, as: UTF8.self)
        #expect(text.contains("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nHallo Kathy,"))
        #expect(!text.contains("multipart"))
    }

    @Test func messageIDFollowsTheKey() {
        let a = MIMEMessage(mail(), from: sender, date: Samples.epoch)
        let again = MIMEMessage(mail(), from: sender, date: Samples.epoch.addingTimeInterval(60))
        let other = MIMEMessage(mail(key: "firstkey/c/deliver/1/pickup-link/email"), from: sender, date: Samples.epoch)
        #expect(a.messageID == again.messageID)
        #expect(a.messageID != other.messageID)
    }

    @Test func encodedWords() {
        #expect(EncodedWord.encode("Plain subject") == "Plain subject")
        #expect(EncodedWord.encode("Grüße") == "=?UTF-8?B?R3LDvMOfZQ==?=")
        let long = EncodedWord.encode(String(repeating: "ä", count: 60))
        let words = long.components(separatedBy: "\r\n ")
        #expect(words.count == 3)
        #expect(words.allSatisfy { $0.hasPrefix("=?UTF-8?B?") && $0.hasSuffix("?=") && $0.count <= 75 })
        // No header injection.
        #expect(EncodedWord.encode("a\r\nBcc: x@y.z") == "a Bcc: x@y.z")
        #expect(EncodedWord.encode("=?UTF-8?B?x?=").hasPrefix("=?UTF-8?B?PT9"))
    }

    @Test func senderHeader() throws {
        #expect(try EmailAddress("a@b.example").headerValue == "<a@b.example>")
        #expect(try EmailAddress("a@b.example", displayName: "IT \"Desk\"").headerValue == #""IT \"Desk\"" <a@b.example>"#)
        #expect(throws: DeliveryError.self) { try EmailAddress("not an address") }
        #expect(try EmailAddress("a@b.example").domain == "b.example")
    }
}
