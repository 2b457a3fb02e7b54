import Foundation

/// Header text outside ASCII as RFC 2047 encoded words (`=?UTF-8?B?…?=`), folded so no line
/// exceeds 78 characters. Control characters are replaced by spaces: no value can add a header.
enum EncodedWord {
    static func encode(_ text: String) -> String {
        let clean = sanitized(text)
        if clean.unicodeScalars.allSatisfy({ $0.isASCII }) && !clean.contains("=?") { return clean }
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in clean {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > 45 {
                words.append(word(chunk))
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty { words.append(word(chunk)) }
        return words.joined(separator: "\r\n ")
    }

    /// One line, no control characters.
    static func sanitized(_ text: String) -> String {
        String(text.map { ($0.asciiValue.map { $0 < 0x20 || $0 == 0x7F } ?? false) || $0.isNewline ? " " : $0 })
    }

    private static func word(_ bytes: [UInt8]) -> String {
        "=?UTF-8?B?\(Data(bytes).base64EncodedString())?="
    }
}
