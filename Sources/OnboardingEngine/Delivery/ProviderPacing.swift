import Delivery
import Foundation
import Synchronization

/// What the delivery providers told this instance about themselves, per channel kind:
///
/// - **Retry-After.** A provider that answers 429 (or a 5xx) with `Retry-After` wants no request
///   before then — from any case, since it throttles the resource, not one message. Until that
///   instant the deliver step sends nothing over the channel and retries with the reason "held
///   back", so a throttled provider sees at most one request per instance per Retry-After.
/// - **Recovery.** While a channel fails, cases back off exponentially (up to an hour), so after
///   a long outage most of them would wait many minutes past the provider's recovery. The first
///   send that the channel accepts again after a transient failure reports the recovery once, and
///   the deliver step makes the other cases waiting on that channel due at once.
///
/// In-process memory only: each instance learns both from its own sends.
final class ProviderPacing: Sendable {
    private struct State {
        var heldUntil: [DeliveryChannelKind: Date] = [:]
        var failing: Set<DeliveryChannelKind> = []
    }

    private let state = Mutex(State())

    /// The instant before which nothing may be sent over `channel`, if that is still ahead.
    func heldUntil(_ channel: DeliveryChannelKind, now: Date) -> Date? {
        state.withLock { state in
            guard let until = state.heldUntil[channel] else { return nil }
            if until <= now {
                state.heldUntil[channel] = nil
                return nil
            }
            return until
        }
    }

    /// A transient failure of a send over `channel`: remembers its Retry-After, if it gave one.
    func failed(_ channel: DeliveryChannelKind, retryAfter: Duration?, now: Date) {
        state.withLock { state in
            state.failing.insert(channel)
            guard let retryAfter, retryAfter > .zero else { return }
            let until = now.addingTimeInterval(retryAfter.seconds)
            if until > (state.heldUntil[channel] ?? .distantPast) { state.heldUntil[channel] = until }
        }
    }

    /// A send over `channel` was accepted: true exactly once after the channel had been failing.
    func accepted(_ channel: DeliveryChannelKind) -> Bool {
        state.withLock { state in state.failing.remove(channel) != nil }
    }
}

extension Duration {
    fileprivate var seconds: TimeInterval {
        let parts = components
        return TimeInterval(parts.seconds) + TimeInterval(parts.attoseconds) / 1e18
    }
}
