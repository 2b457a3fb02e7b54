import Foundation
import Synchronization

/// Directory facts that change rarely and are read for every case — the rootDSE, the domain
/// password policy, fine-grained password settings objects — kept for a short time, so that
/// onboarding a case costs the DC a handful of requests instead of a dozen. Stale for at most
/// `lifetime`; the DC enforces its real policy on every password write anyway.
final class DirectoryReadCache: Sendable {
    private struct Entry {
        var value: any Sendable
        var expires: ContinuousClock.Instant
    }

    let lifetime: Duration
    private let entries = Mutex<[String: Entry]>([:])

    init(lifetime: Duration) {
        self.lifetime = lifetime
    }

    /// The cached value for `key`, or `load()`'s result, cached. Failures are not cached.
    func value<Value: Sendable>(_ key: String, load: () async throws -> Value) async throws -> Value {
        let now = ContinuousClock.now
        if lifetime > .zero, let cached = entries.withLock({ $0[key] }), cached.expires > now, let value = cached.value as? Value {
            return value
        }
        let value = try await load()
        if lifetime > .zero {
            entries.withLock { $0[key] = Entry(value: value, expires: now + lifetime) }
        }
        return value
    }
}
