import Foundation

/// Base64url without padding (RFC 7515 §2), the JOSE encoding.
enum Base64URL {
    static func encode(_ bytes: some Sequence<UInt8>) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func encode(_ text: String) -> String { encode(Array(text.utf8)) }

    /// Decodes base64url; padding is tolerated, other alphabets are not.
    static func decode(_ text: some StringProtocol) -> [UInt8]? {
        var base64 = String(text)
        if base64.contains("+") || base64.contains("/") { return nil }
        while base64.hasSuffix("=") { base64.removeLast() }
        base64 = base64.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64).map { Array($0) }
    }
}
