/// Whether Event Grid tries a notification again. Event Grid counts only 200–204 as delivered,
/// never retries a webhook's 400, 401, 403 or 413 (it drops or dead-letters the event), and
/// otherwise retries on a schedule of 10 s, 30 s, 1 min, 5 min … for up to 24 hours. The
/// simulator keeps the rules but compresses the schedule to 0.25 s, 0.5 s, 1 s, 2 s (five
/// attempts in all) so tests see retries without waiting.
enum EventGridRetryPolicy {
    static let delays: [Duration] = [.milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2)]

    enum Decision: Equatable {
        case delivered
        case drop
        case retry(after: Duration)
    }

    /// `responseStatus` nil = no answer; `attempt` counts from 0.
    static func decide(responseStatus: Int?, attempt: Int) -> Decision {
        if let status = responseStatus {
            if (200...204).contains(status) { return .delivered }
            if [400, 401, 403, 413].contains(status) { return .drop }
        }
        return attempt < delays.count ? .retry(after: delays[attempt]) : .drop
    }
}
