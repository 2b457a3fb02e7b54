import Foundation

/// `application/x-www-form-urlencoded` and URL component escaping.
enum FormEncoding {
    /// RFC 3986 unreserved characters; everything else is percent-encoded (space as %20, which
    /// every form parser accepts).
    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    static func encode(_ fields: [(String, String)]) -> [UInt8] {
        Array(fields.map { escape($0.0) + "=" + escape($0.1) }.joined(separator: "&").utf8)
    }

    static func escape(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }

    static func decode(_ body: some StringProtocol) -> [(String, String)] {
        body.split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func unescape(_ part: (some StringProtocol)?) -> String {
                guard let part else { return "" }
                return part.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(part)
            }
            return (unescape(parts.first), unescape(parts.count > 1 ? parts[1] : nil))
        }
    }
}
