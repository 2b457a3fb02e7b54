import Foundation
@testable import Microsoft
import NIOHTTP1
import Synchronization

/// A transport that answers from a closure and records every request, for client tests without
/// a network.
final class ScriptedTransport: MicrosoftHTTPTransport {
    typealias Handler = @Sendable (MicrosoftHTTPRequest, Int) async throws -> MicrosoftHTTPResponse

    private let handler: Handler
    private let recorded = Mutex<[MicrosoftHTTPRequest]>([])

    /// `handler` gets the request and its 0-based index among all requests.
    init(_ handler: @escaping Handler) {
        self.handler = handler
    }

    var requests: [MicrosoftHTTPRequest] { recorded.withLock { $0 } }

    func send(_ request: MicrosoftHTTPRequest, timeout: Duration) async throws -> MicrosoftHTTPResponse {
        let index = recorded.withLock { list in
            list.append(request)
            return list.count - 1
        }
        return try await handler(request, index)
    }
}

extension MicrosoftHTTPResponse {
    static func json(_ status: HTTPResponseStatus = .ok, _ text: String, headers: [(String, String)] = []) -> MicrosoftHTTPResponse {
        var httpHeaders = HTTPHeaders(headers)
        httpHeaders.add(name: "Content-Type", value: "application/json")
        return MicrosoftHTTPResponse(status: status, headers: httpHeaders, body: Array(text.utf8))
    }

    static func empty(_ status: HTTPResponseStatus, headers: [(String, String)] = []) -> MicrosoftHTTPResponse {
        MicrosoftHTTPResponse(status: status, headers: HTTPHeaders(headers), body: [])
    }
}

extension MicrosoftHTTPRequest {
    var bodyText: String { body.map { String(decoding: $0, as: UTF8.self) } ?? "" }

    var formFields: [String: String] {
        Dictionary(FormEncoding.decode(bodyText), uniquingKeysWith: { first, _ in first })
    }

    /// The decoded query items, `$` names kept.
    var queryItems: [String: String] {
        let components = URLComponents(url: url, resolvingAgainstBaseURL: false)
        return Dictionary((components?.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { first, _ in first })
    }
}

enum Fixtures {
    static let tenantID = "8f3b4c2e-5d1a-4e7b-9c6f-0a1b2c3d4e5f"
    static let clientID = "11111111-2222-3333-4444-555555555555"
    static let secretValue = "s3cr3t~Value.With_Symbols+&="

    static func configuration(credential: EntraClientCredential? = nil) throws -> EntraConfiguration {
        try EntraConfiguration(
            tenantID: tenantID, clientID: clientID,
            credential: credential ?? .secret(try EntraClientSecret(secretValue)))
    }

    static func tokenResponse(_ value: String = "token-1", expiresIn: Int = 3599) -> MicrosoftHTTPResponse {
        .json(.ok, #"{"token_type":"Bearer","expires_in":\#(expiresIn),"ext_expires_in":\#(expiresIn),"access_token":"\#(value)"}"#)
    }

    static let fastRetries = RetryPolicy(maximumAttempts: 4, maximumTotalDuration: .seconds(120), baseDelay: .milliseconds(5), maximumDelay: .milliseconds(20))
}

/// A clock tests move by hand.
final class ManualClock: Sendable {
    private let current: Mutex<Date>

    init(_ start: Date = Date(timeIntervalSince1970: 1_700_000_000)) {
        current = Mutex(start)
    }

    var now: Date { current.withLock { $0 } }

    func advance(by seconds: TimeInterval) {
        current.withLock { $0 = $0.addingTimeInterval(seconds) }
    }

    var function: @Sendable () -> Date { { [self] in now } }
}
