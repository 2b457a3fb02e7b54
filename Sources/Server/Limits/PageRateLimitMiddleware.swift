import Foundation
import HTTPTypes
public import Hummingbird
import Logging

/// Limits, per client address, the requests of a page that start or finish something: form
/// posts and sign-in starts. Reading a page is never limited. Over the limit: 429 with
/// Retry-After and a sentence for the person, nothing else done.
public struct PageRateLimitMiddleware<Context: RequestContext>: RouterMiddleware {
    let limiter: RateLimiter
    let isLimited: @Sendable (Request) -> Bool

    public init(limiter: RateLimiter, isLimited: @escaping @Sendable (Request) -> Bool = { $0.method == .post }) {
        self.limiter = limiter
        self.isLimited = isLimited
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard isLimited(request) else { return try await next(request, context) }
        let address = (context as? any ClientAddressProviding)?.clientAddress ?? "unknown"
        switch await limiter.admit("address:" + address) {
        case .admitted:
            return try await next(request, context)
        case .refused(let seconds), .tooLarge(let seconds):
            context.logger.notice("too many requests from one address", metadata: ["limit": "\(limiter.name)", "client": "\(address)"])
            return Self.tooMany(retryAfter: seconds)
        }
    }

    /// Form posts and the start of a sign-in (a redirect to Entra that a script could repeat).
    public static func signInOrPost(_ request: Request) -> Bool {
        request.method == .post || request.uri.path.hasSuffix("/sign-in")
    }

    static func tooMany(retryAfter seconds: Int) -> Response {
        let wait = seconds < 90 ? "\(seconds) seconds" : "\((seconds + 59) / 60) minutes"
        let html = """
        <!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">\
        <title>Too many attempts</title></head><body><main><h1>Too many attempts</h1>\
        <p>There were too many attempts from your network in a short time. Wait \(wait) and try again.</p></main></body></html>
        """
        return Response(status: .tooManyRequests,
                        headers: [.contentType: "text/html; charset=utf-8", .retryAfter: "\(seconds)", .cacheControl: "no-store"],
                        body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}

extension APIError {
    /// 429 for intake over its limit, with the wait and, for a request too large ever to fit, how to split it.
    static func intakeLimited(_ decision: TokenBuckets.Decision, source: String) -> APIError? {
        switch decision {
        case .admitted:
            return nil
        case .refused(let seconds):
            var error = APIError(.tooManyRequests, code: "rate-limited",
                                 message: "\(source) opened too many cases in a short time; nothing was done. Send again after \(seconds) s")
            error.extraHeaders = [.retryAfter: "\(seconds)"]
            return error
        case .tooLarge(let capacity):
            return APIError(.contentTooLarge, code: "too-many-hires",
                            message: "one request may open at most \(capacity) cases (limits.intakePerMinute); nothing was done. Split it into smaller requests")
        }
    }
}
