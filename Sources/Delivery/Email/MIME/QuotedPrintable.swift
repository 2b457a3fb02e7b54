/// Quoted-printable (RFC 2045 §6.7) for UTF-8 text parts: CRLF line ends, lines of at most 76
/// characters with soft breaks, trailing white space and a line-leading `.` encoded (so nothing
/// depends on SMTP dot-stuffing). Pure.
enum QuotedPrintable {
    static let maximumLineLength = 76

    static func encode(_ text: String) -> String {
        var output: [String] = []
        for line in lines(of: text) {
            output.append(encodeLine(Array(line.utf8)))
        }
        return output.joined(separator: "\r\n")
    }

    /// `\r\n`, `\n` and `\r` all end a line.
    static func lines(of text: String) -> [Substring] {
        text.replacing("\r\n", with: "\n").replacing("\r", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
    }

    private static func encodeLine(_ bytes: [UInt8]) -> String {
        var tokens: [String] = bytes.enumerated().map { index, byte in
            switch byte {
            case UInt8(ascii: "="): return escape(byte)
            case UInt8(ascii: ".") where index == 0: return escape(byte)
            case 33...126, UInt8(ascii: " "), UInt8(ascii: "\t"): return String(UnicodeScalar(byte))
            default: return escape(byte)
            }
        }
        if let last = tokens.indices.last, tokens[last] == " " || tokens[last] == "\t" {
            tokens[last] = escape(bytes[last])
        }
        var physical: [String] = []
        var current = ""
        for token in tokens {
            // Room for the soft break's "=".
            if current.utf8.count + token.utf8.count > maximumLineLength - 1 {
                physical.append(current + "=")
                current = ""
            }
            current += token
        }
        physical.append(current)
        return physical.joined(separator: "\r\n")
    }

    private static func escape(_ byte: UInt8) -> String {
        "=" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
    }
}
