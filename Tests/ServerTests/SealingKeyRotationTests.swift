import Credentials
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Onboarding
import Server
import Store
import Testing
import TestSupport

/// `firstkey config keys rotate` while hires are in the middle of picking up: the key ring
/// (current key first, previous keys after it) keeps every open pickup working.
@Suite struct SealingKeyRotationTests {
    static func ringFile(_ keys: [SealingKey]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("firstkey-ring-\(UUID().uuidString).key").path
        try SealingKey.replaceRing(keys, atFile: path)
        return path
    }

    static func sealer(fromRing path: String) throws -> SecretSealer {
        let ring = try SealingKey.loadRing(fromFile: path)
        return SecretSealer(current: ring[0], previous: Array(ring.dropFirst()))
    }

    @Test func rotatingWhilePickupsAreOpenKeepsEveryOneWorking() async throws {
        let old = SealingKey.generate()
        let path = try Self.ringFile([old])
        defer { try? FileManager.default.removeItem(atPath: path) }
        try await PickupFixture.run { fixture, client in
            // The fixture seals with `old`, as the instance before the rotation did.
            #expect(fixture.sealer.current.keyID != old.keyID)
            let before = PickupFixture(store: fixture.store, sealer: try Self.sealer(fromRing: path), clock: fixture.clock, logs: fixture.logs,
                                       events: fixture.events, policy: fixture.policy)
            var seeded: [SeededPickup] = []
            for _ in 0..<5 { seeded.append(try await before.seed()) }
            let open = seeded
            // One hire already has the form on screen when the key changes.
            let beforeRouter = Router()
            before.page.addRoutes(to: beforeRouter)
            let servedBeforeRotation = try await Application(router: beforeRouter).test(.router) { oldClient in
                PickupHTTP.served(try await PickupHTTP.get(oldClient, open[0].path))
            }

            // Rotate the ring file as the command does, and "restart": a page with the new ring.
            try SealingKey.replaceRing([SealingKey.generate()] + (try SealingKey.loadRing(fromFile: path)), atFile: path)
            let rotated = try Self.sealer(fromRing: path)
            #expect(rotated.previous.map(\.keyID) == [old.keyID] && rotated.current.keyID != old.keyID)
            let after = PickupFixture(store: fixture.store, sealer: rotated, clock: fixture.clock, logs: fixture.logs, events: fixture.events, policy: fixture.policy)
            let afterRouter = Router()
            after.page.addRoutes(to: afterRouter)
            try await Application(router: afterRouter).test(.router) { newClient in
                fixture.clock.advance(5)
                let first = try await PickupHTTP.post(newClient, open[0].path, code: open[0].code, form: servedBeforeRotation)
                #expect(first.status == .ok && showsSecret(PickupHTTP.text(first), open[0].secret), "the form served before the rotation")
                for pickup in open.dropFirst() {
                    let form = PickupHTTP.served(try await PickupHTTP.get(newClient, pickup.path))
                    fixture.clock.advance(5)
                    let revealed = try await PickupHTTP.post(newClient, pickup.path, code: pickup.code, form: form)
                    #expect(revealed.status == .ok && showsSecret(PickupHTTP.text(revealed), pickup.secret))
                }
                // What is sealed after the rotation is sealed with the new key, and opens too.
                let fresh = try await after.seed()
                let stored = try #require(try await fixture.store.sealedSecret(kind: PickupSecret.secretKind, for: fresh.caseID))
                #expect(try SealedSecret(storageText: stored).keyID == rotated.current.keyID)
                let form = PickupHTTP.served(try await PickupHTTP.get(newClient, fresh.path))
                fixture.clock.advance(5)
                #expect(showsSecret(PickupHTTP.text(try await PickupHTTP.post(newClient, fresh.path, code: fresh.code, form: form)), fresh.secret))
            }
            #expect(try await fixture.store.sealedSecretCountsByKey()[old.keyID] == nil, "every secret sealed with the old key was picked up and wiped")
        }
    }

    @Test func withoutThePreviousKeyTheOldPickupsCannotBeOpened() async throws {
        try await PickupFixture.run { fixture, client in
            let pickup = try await fixture.seed()
            let replaced = PickupFixture(store: fixture.store, sealer: SecretSealer(current: SealingKey.generate()), clock: fixture.clock, logs: fixture.logs,
                                         events: fixture.events, policy: fixture.policy)
            let router = Router()
            replaced.page.addRoutes(to: router)
            try await Application(router: router).test(.router) { newClient in
                let form = PickupHTTP.served(try await PickupHTTP.get(newClient, pickup.path))
                fixture.clock.advance(5)
                let response = try await PickupHTTP.post(newClient, pickup.path, code: pickup.code, form: form)
                #expect(!showsSecret(PickupHTTP.text(response), pickup.secret))
            }
            #expect(try await fixture.store.sealedSecretCountsByKey()[fixture.sealer.current.keyID] == 1)
        }
    }

    @Test func aKeyRingFileIsReadNewestFirstAndRefusedWhenOthersMayReadIt() throws {
        let keys = [SealingKey.generate(), SealingKey.generate(), SealingKey.generate()]
        let path = try Self.ringFile(keys)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try SealingKey.loadRing(fromFile: path).map(\.keyID) == keys.map(\.keyID))
        #expect(try SealingKey.load(fromFile: path).keyID == keys[0].keyID)
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int == 0o600)
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: path)
        #expect(throws: SecretSealerError.self) { try SealingKey.loadRing(fromFile: path) }
    }
}
