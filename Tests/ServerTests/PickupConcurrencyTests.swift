import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Onboarding
import Server
import Store
import Testing
import TestSupport

/// Many submissions at once, each on its own connection to a live server.
@Suite struct PickupConcurrencyTests {
    /// Seeds a pickup on a live server, serves its form, lets the typing time pass, then sends
    /// `count` POSTs of the code `code` picks at once, each on a new connection; `check` gets
    /// the pages they got.
    static func race(_ count: Int, code: @escaping @Sendable (SeededPickup) -> String,
                     check: @escaping @Sendable (PickupFixture, SeededPickup, [PageText]) async throws -> Void) async throws {
        try await PickupFixture.run(.live) { fixture, client in
            let port = try #require(client.port)
            let pickup = try await fixture.seed()
            let form = PickupHTTP.served(try await PickupHTTP.get(client, pickup.path))
            fixture.clock.advance(3)
            let pages = try await withThrowingTaskGroup(of: PageText.self) { group in
                for _ in 0..<count {
                    group.addTask {
                        try await TestClient.withClient(host: "127.0.0.1", port: port) { client in
                            let response = try await client.post(pickup.path, headers: PickupHTTP.headers(cookie: form.cookie),
                                                                 body: PickupHTTP.body(code: code(pickup), formToken: form.formToken))
                            return PageText(html: String(buffer: response.body ?? ByteBuffer()))
                        }
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            try await check(fixture, pickup, pages)
        }
    }

    @Test func fiftyRightCodesAtOnceRevealExactlyOnce() async throws {
        try await Self.race(50, code: \.code) { (fixture: PickupFixture, pickup: SeededPickup, pages: [PageText]) async throws in
            #expect(pages.count == 50)
            let revealed = pages.filter { showsSecret($0, pickup.secret) }.count
            let used = pages.filter { $0.contains("This link has already been used") }.count
            #expect(revealed == 1)
            #expect(used == 49)
            #expect(try await fixture.ticket(pickup)?.state == .revealed)
            #expect(try await !fixture.sealedSecretIsStored(pickup))
            #expect(fixture.events.all == [.revealed])
        }
    }

    @Test func wrongCodesAtOnceEachCountSoNoneIsAFreeGuess() async throws {
        try await Self.race(20, code: { $0.code == "00000000" ? "11111111" : "00000000" }) { (fixture: PickupFixture, pickup: SeededPickup, pages: [PageText]) async throws in
            let refused = pages.filter { $0.contains("That code is not right.") }.count
            let burned = pages.filter { $0.contains("This link no longer works") }.count
            // Four count down, the fifth burns, and every later one finds the link burned.
            #expect(refused == 4)
            #expect(burned == 16)
            #expect(try await fixture.ticket(pickup)?.state == .burned)
            #expect(try await !fixture.sealedSecretIsStored(pickup))
            let events = fixture.events.all
            #expect(events.filter { if case .wrongCode = $0 { true } else { false } }.count == 4)
            // Each request reports its own outcome after the commit; requests that commit together
            // may report in any order, so the burn is counted, not expected last.
            #expect(events.filter { $0 == .burned }.count == 1)
        }
    }
}
