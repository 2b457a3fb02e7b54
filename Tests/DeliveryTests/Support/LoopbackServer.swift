import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Synchronization

/// A small HTTP server on 127.0.0.1 for what Firstkey's server will host (Event Grid endpoint,
/// Twilio callbacks) or what a relay hosts (the webhook receiver): runs `body` with its port.
enum LoopbackServer {
    static func with<T: Sendable>(
        _ configure: (Router<BasicRequestContext>) -> Void, _ body: @escaping @Sendable (_ port: Int) async throws -> T
    ) async throws -> T {
        let router = Router()
        configure(router)
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: quietLogger)
        return try await app.test(.live) { client in
            guard let port = client.port else { throw SetupError("the test server has no port") }
            return try await body(port)
        }
    }

    static func response(_ status: HTTPResponse.Status, json: String = "") -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: json)))
    }
}

/// Values a route collects while a test runs.
final class Collected<Value: Sendable>: Sendable {
    private let values = Mutex<[Value]>([])

    func append(_ value: Value) { values.withLock { $0.append(value) } }
    var all: [Value] { values.withLock { $0 } }

    /// Waits until `count` values arrived (or `timeout` passed).
    func wait(for count: Int, timeout: Duration = .seconds(10)) async -> [Value] {
        let deadline = ContinuousClock.now + timeout
        while all.count < count, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(20)) }
        return all
    }
}

extension Request {
    func bodyBytes() async throws -> [UInt8] {
        Array(buffer: try await body.collect(upTo: 1 << 20))
    }
}
