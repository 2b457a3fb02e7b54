import Foundation

/// The opaque `$skiptoken` of user pages: where the next page starts. Clients must treat it as
/// opaque; it is base64url so it survives URLs unchanged.
enum PageToken {
    private static let prefix = "fksim1:"

    static func make(offset: Int) -> String {
        Base64URL.encode(prefix + String(offset))
    }

    static func offset(of token: String) -> Int? {
        guard let bytes = Base64URL.decode(token), let text = String(validating: bytes, as: UTF8.self), text.hasPrefix(prefix),
              let offset = Int(text.dropFirst(prefix.count)), offset >= 0 else { return nil }
        return offset
    }

    /// Where the page a query asks for starts: 0 without `$skiptoken`, 400 for a token not made here.
    static func offset(of query: GraphQuery) throws(GraphError) -> Int {
        guard let token = query.skipToken else { return 0 }
        guard let offset = offset(of: token) else { throw GraphError.badRequest("Invalid paging token: '\(token)'.") }
        return offset
    }
}
