import Synchronization
import Testing
@testable import Directory

@Suite struct DirectoryReadCacheTests {
    final class Counter: Sendable {
        let loads = Atomic<Int>(0)
        func load(_ value: String) -> String {
            loads.add(1, ordering: .relaxed)
            return value
        }
    }

    struct Failure: Error {}

    @Test func aValueIsReadOnceWithinItsLifetimeAndAgainAfter() async throws {
        let cache = DirectoryReadCache(lifetime: .milliseconds(200))
        let counter = Counter()
        for _ in 0..<5 { #expect(try await cache.value("policy") { counter.load("v1") } == "v1") }
        #expect(counter.loads.load(ordering: .relaxed) == 1)
        #expect(try await cache.value("other") { counter.load("v2") } == "v2")
        #expect(counter.loads.load(ordering: .relaxed) == 2)
        try await Task.sleep(for: .milliseconds(300))
        #expect(try await cache.value("policy") { counter.load("v3") } == "v3")
        #expect(counter.loads.load(ordering: .relaxed) == 3)
    }

    @Test func failuresAreNotCachedAndZeroLifetimeAlwaysReads() async throws {
        let cache = DirectoryReadCache(lifetime: .seconds(60))
        await #expect(throws: Failure.self) { try await cache.value("rootDSE") { () async throws -> String in throw Failure() } }
        #expect(try await cache.value("rootDSE") { "read" } == "read")

        let uncached = DirectoryReadCache(lifetime: .zero)
        let counter = Counter()
        for _ in 0..<3 { _ = try await uncached.value("policy") { counter.load("x") } }
        #expect(counter.loads.load(ordering: .relaxed) == 3)
    }
}
