import FirstkeySimulator
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore

/// A response read in full.
struct HTTPResult: Sendable {
    var status: HTTPResponse.Status
    var headers: HTTPFields
    var body: String

    var json: JSONValue? { JSONValue(parsing: body) }

    func header(_ name: String) -> String? { headers[HTTPField.Name(name)!] }
}

/// Real HTTP over loopback to a started simulator: one connection per request (HummingbirdTesting's client).
struct SimulatorHTTPClient: Sendable {
    let host: String
    let port: Int
    let configuration: TestClient.Configuration

    /// `configuration` carries TLS settings for an https URL.
    init(url: String, configuration: TestClient.Configuration = .init(timeout: .seconds(20))) {
        let withoutScheme = url.split(separator: "/", omittingEmptySubsequences: true)[1]
        let parts = withoutScheme.split(separator: ":")
        self.host = String(parts[0])
        self.port = Int(parts[1])!
        self.configuration = configuration
    }

    func send(_ method: HTTPRequest.Method, _ path: String, headers: HTTPFields = [:], body: String? = nil) async throws -> HTTPResult {
        try await TestClient.withClient(host: host, port: port, configuration: configuration) { client in
            var headers = headers
            if headers[.connection] == nil { headers[.connection] = "close" }
            let request = TestClient.Request(path, method: method, authority: "\(host):\(port)", headers: headers, body: body.map { ByteBuffer(string: $0) })
            let response = try await client.execute(request)
            return HTTPResult(status: response.status, headers: response.headers, body: response.body.map { String(buffer: $0) } ?? "")
        }
    }

    func get(_ path: String, headers: HTTPFields = [:]) async throws -> HTTPResult {
        try await send(.get, path, headers: headers)
    }

    /// A form POST (`application/x-www-form-urlencoded`).
    func postForm(_ path: String, _ fields: [(String, String)], headers: HTTPFields = [:]) async throws -> HTTPResult {
        var headers = headers
        headers[.contentType] = "application/x-www-form-urlencoded"
        return try await send(.post, path, headers: headers, body: formEncode(fields))
    }

    func postJSON(_ path: String, _ json: JSONValue, headers: HTTPFields = [:]) async throws -> HTTPResult {
        var headers = headers
        headers[.contentType] = "application/json"
        return try await send(.post, path, headers: headers, body: json.serialized)
    }
}

func formEncode(_ fields: [(String, String)]) -> String {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    return fields.map { "\($0.0.addingPercentEncoding(withAllowedCharacters: allowed)!)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed)!)" }
        .joined(separator: "&")
}

func percentEncode(_ text: String) -> String {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    return text.addingPercentEncoding(withAllowedCharacters: allowed)!
}
