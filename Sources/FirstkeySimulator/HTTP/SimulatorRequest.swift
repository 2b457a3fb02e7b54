import Foundation
import HTTPTypes

/// One request, fully read: what every simulated endpoint gets.
struct SimulatorRequest: Sendable {
    var method: HTTPRequest.Method
    /// The path as sent, without the query.
    var path: String
    /// Path segments, percent-decoded.
    var segments: [String]
    /// The query as sent (after `?`), without decoding.
    var rawQuery: String?
    /// Query parameters, decoded, in order.
    var query: [(name: String, value: String)]
    var headers: HTTPFields
    var body: [UInt8]
    /// `http://127.0.0.1:54321`: where this request arrived, for links in responses.
    var baseURL: String
    /// The `Host` header as sent (nil without one): what ACS's HMAC signs.
    var authority: String?

    init(method: HTTPRequest.Method, target: String, headers: HTTPFields, body: [UInt8], baseURL: String, authority: String? = nil) {
        self.method = method
        self.headers = headers
        self.body = body
        self.baseURL = baseURL
        self.authority = authority
        let (path, query) = target.firstIndex(of: "?").map { (String(target[..<$0]), String(target[target.index(after: $0)...])) } ?? (target, nil)
        self.path = path
        self.rawQuery = query
        self.segments = path.split(separator: "/", omittingEmptySubsequences: true).map { FormEncoding.percentDecode(String($0), plusAsSpace: false) ?? String($0) }
        self.query = query.map { FormEncoding.parse($0) } ?? []
    }

    /// The first value of a query parameter.
    func queryValue(_ name: String) -> String? {
        query.first { $0.name == name }?.value
    }

    func header(_ name: HTTPField.Name) -> String? { headers[name] }

    /// The body as `application/x-www-form-urlencoded` fields, if it is that.
    var formFields: [(name: String, value: String)]? {
        guard let contentType = headers[.contentType]?.lowercased(), contentType.hasPrefix("application/x-www-form-urlencoded") else { return nil }
        return FormEncoding.parse(String(decoding: body, as: UTF8.self))
    }

    var jsonBody: JSONValue? { JSONValue(parsing: body) }
}
