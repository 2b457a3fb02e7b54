import Foundation

/// Graph URLs: path segments percent-encoded one by one (a UPN's `#EXT#` becomes `%23EXT%23`),
/// query values encoded, OData `$` names kept literal.
struct GraphURL {
    private static let segmentAllowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~@")

    static func make(base: URL, segments: [String], query: [(String, String)] = []) -> URL {
        var text = base.absoluteString
        while text.hasSuffix("/") { text.removeLast() }
        for segment in segments {
            text += "/" + (segment.addingPercentEncoding(withAllowedCharacters: segmentAllowed) ?? "")
        }
        if !query.isEmpty {
            text += "?" + query.map { $0.0 + "=" + FormEncoding.escape($0.1) }.joined(separator: "&")
        }
        // Every component was escaped above, so this cannot fail.
        return URL(string: text)!
    }

    /// Whether `next` may receive our bearer token: same scheme, host and port as the Graph base.
    static func isSameOrigin(_ next: URL, as base: URL) -> Bool {
        next.scheme?.lowercased() == base.scheme?.lowercased() && next.host?.lowercased() == base.host?.lowercased() && next.port == base.port
    }
}
