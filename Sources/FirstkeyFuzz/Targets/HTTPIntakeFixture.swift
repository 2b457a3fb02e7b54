import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Onboarding
import OnboardingEngine
import Server
import Store

/// Runs no step: the fuzzer tests intake, and a case must only be stored, never worked on.
struct IdleStepRunner: StepRunner {
    func run(_ kind: StepKind, for onboarding: OnboardingCase) async -> StepResult {
        StepResult(.retry(reason: "fuzzing: no step runs"))
    }
}

/// The admin API exactly as `firstkey serve` builds it: the real router over a real SQLite store
/// in a temporary file and an engine, driven in-process through HummingbirdTesting's router client.
struct HTTPIntakeFixture: Sendable {
    let client: any TestClientProtocol
    let writeToken: String

    static var quietLogger: Logger {
        var logger = Logger(label: "firstkey.fuzz")
        logger.logLevel = .critical
        return logger
    }

    static func with<Value: Sendable>(lifecycleWorkflows: LifecycleWorkflowIntake? = nil,
                                      _ body: @escaping @Sendable (HTTPIntakeFixture) async throws -> Value) async throws -> Value {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("firstkey-fuzz-\(UUID().uuidString).sqlite").path
        let store = try await SQLiteCaseStore.open(path: path)
        defer {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        do {
            let engine = OnboardingEngine(store: store, lifecycle: CaseLifecycle(), runner: IdleStepRunner(), logger: quietLogger)
            let write = try await APITokens.issue(name: "fuzz", scopes: [.write], store: store)
            let app = Application(router: AdminAPI.router(engine: engine, store: store, lifecycleWorkflows: lifecycleWorkflows), logger: quietLogger)
            let value = try await app.test(.router) { client in try await body(HTTPIntakeFixture(client: client, writeToken: write.token)) }
            await store.close()
            return value
        } catch {
            await store.close()
            throw error
        }
    }

    func post(_ uri: String, body: [UInt8], contentType: String, authorization: String?) async -> Result<TestResponse, any Error> {
        var headers: HTTPFields = [.contentType: contentType]
        if let authorization { headers[.authorization] = authorization }
        do {
            return .success(try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(bytes: body)) { $0 })
        } catch {
            return .failure(error)
        }
    }
}

/// The HTTP oracle: 2xx or 4xx, never 5xx; every 4xx a JSON error with a sentence in it.
enum HTTPOracle {
    static func judge(_ result: Result<TestResponse, any Error>, success: (HTTPResponse.Status, [String: Any]) -> String? = { _, _ in nil }) -> FuzzVerdict {
        let response: TestResponse
        switch result {
        case .success(let value): response = value
        case .failure(let error): return .failed("the request failed without an answer: \(error)")
        }
        let status = response.status
        let body = (try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))) as? [String: Any]
        switch status.code {
        case 200..<300:
            guard let body else { return .failed("\(status.code) with a body that is not a JSON object: \(excerpt(response.body))") }
            if let problem = success(status, body) { return .failed("\(status.code): \(problem)") }
            return .passed(String(status.code))
        case 400..<500:
            guard let error = body?["error"] as? [String: Any] else { return .failed("\(status.code) without a JSON error object: \(excerpt(response.body))") }
            guard let message = error["message"] as? String, !message.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                return .failed("\(status.code) without a message: \(excerpt(response.body))")
            }
            guard let code = error["code"] as? String, !code.isEmpty else { return .failed("\(status.code) without an error code: \(excerpt(response.body))") }
            return .passed(String(status.code))
        default:
            return .failed("answered \(status.code): \(excerpt(response.body))")
        }
    }

    static func excerpt(_ buffer: ByteBuffer) -> String {
        String(decoding: buffer.readableBytesView.prefix(300), as: UTF8.self)
    }

    /// JSON tokens for the byte mutator.
    static let jsonDictionary: [[UInt8]] = [
        "{", "}", "[", "]", "\"", ":", ",", "null", "true", "false", "0", "-", "1e999", "123456789012345678901234567890", "\\u0000", "\\ud800",
        "\\", "\"\":", "{\"a\":", "[[[[", "]]]]", "\u{0}", "🦊", "\u{FEFF}", "\"employeeId\":", "\"hireDate\":\"2026-12-01\"", ",\"employeeId\":\"E1\"",
        "\"deliveryMode\":\"tap\"", "\"mobile\":\"+15550100001\"", "\"Operations\":", "\"method\":\"DELETE\"", "\"data\":{}", "\"subject\":{\"id\":\" \"}",
    ].map { Array($0.utf8) } + [[0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80]]
}
