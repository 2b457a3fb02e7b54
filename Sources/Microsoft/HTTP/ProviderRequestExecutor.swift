import Foundation
import Logging
import Metrics
import NIOHTTP1

/// Which remote service a request goes to; a metric dimension.
enum MicrosoftProvider: String, Sendable {
    case entra, graph
}

/// Runs one logical request: stamps a `client-request-id`, times each attempt, and repeats as
/// `RetryPolicy.decide` says. Returns the last response whatever its status; callers map
/// failures to their own errors. Logs method, operation, status and request ids only — never
/// headers, queries or bodies.
struct ProviderRequestExecutor: Sendable {
    static let metricLabel = "firstkey_provider_request_seconds"

    let provider: MicrosoftProvider
    let transport: any MicrosoftHTTPTransport
    let retryPolicy: RetryPolicy
    let logger: Logger

    func execute(_ request: MicrosoftHTTPRequest) async throws -> MicrosoftHTTPResponse {
        var request = request
        if !request.headers.contains(name: "client-request-id") {
            request.headers.add(name: "client-request-id", value: UUID().uuidString.lowercased())
        }
        if provider == .graph {
            request.headers.replaceOrAdd(name: "return-client-request-id", value: "true")
        }
        let clientRequestID = request.headers.first(name: "client-request-id") ?? ""
        let timer = Timer(label: Self.metricLabel, dimensions: [("provider", provider.rawValue), ("operation", request.operation)])
        let clock = ContinuousClock()
        let start = clock.now
        var attempt = 0
        while true {
            attempt += 1
            let attemptStart = clock.now
            let outcome: RetryPolicy.Outcome
            let result: Result<MicrosoftHTTPResponse, any Error>
            do {
                let response = try await transport.send(request, timeout: retryPolicy.attemptTimeout)
                let retryAfter = RetryAfter.parse(response.headers.first(name: "Retry-After"), now: Date())
                outcome = .response(status: Int(response.status.code), retryAfter: retryAfter)
                result = .success(response)
            } catch let error as MicrosoftTransportError {
                outcome = .transportFailure(sentRequest: error.sentRequest)
                result = .failure(error)
            } catch {
                // Cancellation and unknown errors are not retried.
                timer.recordNanoseconds((clock.now - attemptStart).nanoseconds)
                throw error
            }
            timer.recordNanoseconds((clock.now - attemptStart).nanoseconds)

            let decision = retryPolicy.decide(
                outcome: outcome, idempotency: request.idempotency, attempt: attempt,
                elapsed: clock.now - start, jitter: Double.random(in: 0..<1))
            var metadata: Logger.Metadata = [
                "provider": "\(provider.rawValue)", "operation": "\(request.operation)",
                "attempt": "\(attempt)", "client-request-id": "\(clientRequestID)",
            ]
            switch result {
            case .success(let response):
                metadata["status"] = "\(response.status.code)"
                if let requestID = response.headers.first(name: "request-id") { metadata["request-id"] = "\(requestID)" }
            case .failure(let error):
                metadata["error"] = "\(error)"
            }
            switch decision {
            case .stop:
                logger.debug("provider request finished", metadata: metadata)
                return try result.get()
            case .retry(let delay):
                metadata["retry-in-ms"] = "\(delay.nanoseconds / 1_000_000)"
                logger.notice("provider request will be retried", metadata: metadata)
                try await Task.sleep(for: delay)
            }
        }
    }
}
