import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// What a mail link scanner (Safe Links and the like) does with a link: fetches it, keeps its
/// cookie, and submits the form it found at once, empty or with a guess.
struct LinkScanner: Sendable {
    struct Fetched: Sendable {
        var status: UInt
        var cookie: String?
        var formToken: String?
        var action: String?
    }

    let client = HTTPClient.shared

    func fetch(_ url: String) async throws -> Fetched {
        let response = try await client.execute(HTTPClientRequest(url: url), timeout: .seconds(30))
        let html = String(buffer: try await response.body.collect(upTo: 1024 * 1024))
        return Fetched(status: response.status.code,
                       cookie: response.headers["set-cookie"].first.flatMap { $0.split(separator: ";").first.map(String.init) },
                       formToken: Self.attribute("value", after: #"name="form""#, in: html),
                       action: Self.attribute("action", after: "<form", in: html))
    }

    /// Submits the form as found, with `code`; the status and whether the page showed `secret`
    /// (a Bool: the page itself is never kept).
    func submit(_ fetched: Fetched, to url: String, code: String, sendCookie: Bool = true, secret: String) async throws -> (status: UInt, showedSecret: Bool) {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        if sendCookie, let cookie = fetched.cookie { request.headers.add(name: "Cookie", value: cookie) }
        let form = fetched.formToken?.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        request.body = .bytes(ByteBuffer(string: "form=\(form)&code=\(code)"))
        let response = try await client.execute(request, timeout: .seconds(30))
        let html = String(buffer: try await response.body.collect(upTo: 1024 * 1024))
        return (response.status.code, html.replacing(#"</span><span class="group">"#, with: "").contains(secret))
    }

    private static func attribute(_ name: String, after marker: String, in html: String) -> String? {
        guard let start = html.range(of: marker), let open = html[start.upperBound...].range(of: "\(name)=\"") else { return nil }
        let rest = html[open.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }
}
