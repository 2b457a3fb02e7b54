import Foundation
@testable import Microsoft
import NIOHTTP1
import Testing

@Suite struct RetryPolicyTests {
    let policy = RetryPolicy(maximumAttempts: 5, maximumTotalDuration: .seconds(60), baseDelay: .seconds(1), maximumDelay: .seconds(8))

    func decide(_ outcome: RetryPolicy.Outcome, _ idempotency: MicrosoftHTTPRequest.Idempotency = .idempotent,
                attempt: Int = 1, elapsed: Duration = .zero, jitter: Double = 0.5) -> RetryPolicy.Decision {
        policy.decide(outcome: outcome, idempotency: idempotency, attempt: attempt, elapsed: elapsed, jitter: jitter)
    }

    @Test func throttlingHonoursRetryAfterEvenForNonIdempotentRequests() {
        #expect(decide(.response(status: 429, retryAfter: .milliseconds(2128))) == .retry(after: .milliseconds(2128)))
        #expect(decide(.response(status: 429, retryAfter: .seconds(10)), .notIdempotent) == .retry(after: .seconds(10)))
        #expect(decide(.response(status: 503, retryAfter: .seconds(3)), .notIdempotent) == .retry(after: .seconds(3)))
        #expect(decide(.response(status: 504, retryAfter: nil), jitter: 0) == .retry(after: .milliseconds(500)))
    }

    @Test func otherServerErrorsBackOffOnlyWhenRepeatingIsHarmless() {
        #expect(decide(.response(status: 500, retryAfter: nil), jitter: 1) == .retry(after: .seconds(1)))
        #expect(decide(.response(status: 502, retryAfter: nil), attempt: 3, jitter: 0) == .retry(after: .seconds(2)))
        #expect(decide(.response(status: 500, retryAfter: nil), .notIdempotent) == .stop)
    }

    @Test func successAndClientErrorsAreFinal() {
        for status in [200, 201, 204, 400, 401, 403, 404, 409] {
            #expect(decide(.response(status: status, retryAfter: .seconds(1))) == .stop)
        }
    }

    @Test func connectionFailures() {
        #expect(decide(.transportFailure(sentRequest: false), .notIdempotent, jitter: 0) == .retry(after: .milliseconds(500)))
        #expect(decide(.transportFailure(sentRequest: true), .idempotent, jitter: 0) == .retry(after: .milliseconds(500)))
        #expect(decide(.transportFailure(sentRequest: true), .notIdempotent) == .stop)
    }

    @Test func attemptsAndTotalTimeAreBounded() {
        #expect(decide(.response(status: 503, retryAfter: .seconds(1)), attempt: 5) == .stop)
        #expect(decide(.response(status: 503, retryAfter: .seconds(1)), attempt: 4) == .retry(after: .seconds(1)))
        #expect(decide(.response(status: 429, retryAfter: .seconds(30)), elapsed: .seconds(31)) == .stop)
        #expect(decide(.response(status: 429, retryAfter: .seconds(30)), elapsed: .seconds(30)) == .retry(after: .seconds(30)))
        #expect(decide(.response(status: 429, retryAfter: .seconds(3600))) == .stop)
        #expect(RetryPolicy.never.decide(outcome: .response(status: 503, retryAfter: nil), idempotency: .idempotent, attempt: 1, elapsed: .zero, jitter: 0) == .stop)
    }

    @Test func backoffDoublesIsCappedAndJitterStaysInTheUpperHalf() {
        #expect(policy.backoff(attempt: 1, jitter: 1) == .seconds(1))
        #expect(policy.backoff(attempt: 2, jitter: 1) == .seconds(2))
        #expect(policy.backoff(attempt: 3, jitter: 1) == .seconds(4))
        #expect(policy.backoff(attempt: 4, jitter: 1) == .seconds(8))
        #expect(policy.backoff(attempt: 9, jitter: 1) == .seconds(8))
        #expect(policy.backoff(attempt: 60, jitter: 0) == .seconds(4))
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<100 {
            let delay = policy.backoff(attempt: 3, jitter: Double.random(in: 0..<1, using: &generator))
            #expect(delay >= .seconds(2) && delay <= .seconds(4))
        }
    }

    @Test func retryAfterParsing() {
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        #expect(RetryAfter.parse("10", now: now) == .seconds(10))
        #expect(RetryAfter.parse("2.128", now: now) == .milliseconds(2128))
        #expect(RetryAfter.parse(" 0 ", now: now) == .zero)
        #expect(RetryAfter.parse("-1", now: now) == nil)
        #expect(RetryAfter.parse("soon", now: now) == nil)
        #expect(RetryAfter.parse(nil, now: now) == nil)
        // 1_700_000_000 is Tue, 14 Nov 2023 22:13:20 GMT.
        #expect(RetryAfter.parse("Tue, 14 Nov 2023 22:13:25 GMT", now: now) == .seconds(5))
        #expect(RetryAfter.parse("Tue, 14 Nov 2023 22:13:00 GMT", now: now) == .zero)
    }
}
