import Foundation

/// What the client sends. AUTH commands carry the credential (base64), so `description` hides them.
enum SMTPCommand: Sendable, Hashable, CustomStringConvertible {
    case ehlo(String)
    case helo(String)
    case startTLS
    /// `AUTH PLAIN <base64(\0user\0password)>`.
    case authPlain(user: String, password: String)
    case authLogin
    /// A base64 answer to a 334 challenge (LOGIN's user name, then password).
    case authResponse(String)
    case mailFrom(String, smtpUTF8: Bool)
    case rcptTo(String)
    case data
    /// The message, dot-stuffed, ending with `CRLF.CRLF`.
    case messageData([UInt8])
    case quit

    var encoded: [UInt8] {
        switch self {
        case .ehlo(let name): line("EHLO \(name)")
        case .helo(let name): line("HELO \(name)")
        case .startTLS: line("STARTTLS")
        case .authPlain(let user, let password): line("AUTH PLAIN " + Data([0] + Array(user.utf8) + [0] + Array(password.utf8)).base64EncodedString())
        case .authLogin: line("AUTH LOGIN")
        case .authResponse(let text): line(Data(text.utf8).base64EncodedString())
        case .mailFrom(let address, let smtpUTF8): line("MAIL FROM:<\(address)>\(smtpUTF8 ? " SMTPUTF8" : "")")
        case .rcptTo(let address): line("RCPT TO:<\(address)>")
        case .data: line("DATA")
        case .messageData(let bytes): bytes
        case .quit: line("QUIT")
        }
    }

    private func line(_ text: String) -> [UInt8] { Array((text + "\r\n").utf8) }

    var description: String {
        switch self {
        case .ehlo(let name): "EHLO \(name)"
        case .helo(let name): "HELO \(name)"
        case .startTLS: "STARTTLS"
        case .authPlain: "AUTH PLAIN <redacted>"
        case .authLogin: "AUTH LOGIN"
        case .authResponse: "<redacted AUTH response>"
        case .mailFrom(let address, _): "MAIL FROM:<\(RecipientMask.mask(address))>"
        case .rcptTo(let address): "RCPT TO:<\(RecipientMask.mask(address))>"
        case .data: "DATA"
        case .messageData(let bytes): "<message, \(bytes.count) bytes>"
        case .quit: "QUIT"
        }
    }

    /// RFC 5321 §4.5.2: a line starting with `.` gets another; lines end in CRLF; then `.` CRLF.
    static func dataTransfer(_ message: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(message.count + 64)
        var atLineStart = true
        var previous: UInt8 = 0
        for byte in message {
            if byte == UInt8(ascii: "\n"), previous != UInt8(ascii: "\r") {
                output.append(UInt8(ascii: "\r"))
            }
            if atLineStart, byte == UInt8(ascii: ".") { output.append(UInt8(ascii: ".")) }
            output.append(byte)
            atLineStart = byte == UInt8(ascii: "\n")
            previous = byte
        }
        if !(output.count >= 2 && output.suffix(2) == [UInt8(ascii: "\r"), UInt8(ascii: "\n")]) {
            output += [UInt8(ascii: "\r"), UInt8(ascii: "\n")]
        }
        output += [UInt8(ascii: "."), UInt8(ascii: "\r"), UInt8(ascii: "\n")]
        return output
    }
}
