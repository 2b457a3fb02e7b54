import TestSupport
import Testing
@testable import LDAPClient

@Suite struct LDAPServerDiscoveryTests {
    typealias Record = LDAPServerDiscovery.SRVRecord

    @Test func lowerPriorityAlwaysComesFirst() {
        var generator = SplitMix64(seed: 1)
        let records = [Record(priority: 10, weight: 100, port: 389, target: "b"), Record(priority: 0, weight: 0, port: 389, target: "a"), Record(priority: 20, weight: 5, port: 389, target: "c")]
        for _ in 0..<50 {
            #expect(LDAPServerDiscovery.order(records, using: &generator).map(\.target) == ["a", "b", "c"])
        }
    }

    @Test func weightsShareTheFirstPlaceProportionally() {
        var generator = SplitMix64(seed: 7)
        let records = [Record(priority: 0, weight: 90, port: 389, target: "heavy"), Record(priority: 0, weight: 10, port: 389, target: "light"), Record(priority: 0, weight: 0, port: 389, target: "zero")]
        var firsts: [String: Int] = [:]
        for _ in 0..<2000 {
            let ordered = LDAPServerDiscovery.order(records, using: &generator)
            #expect(ordered.count == 3)
            firsts[ordered[0].target, default: 0] += 1
        }
        #expect((1600...1999).contains(firsts["heavy"] ?? 0))
        #expect((80...400).contains(firsts["light"] ?? 0))
        // RFC 2782 puts weight 0 first in the running sum, so it wins only when the draw is 0: 1 in 101.
        #expect((1..<60).contains(firsts["zero"] ?? 0))
    }

    @Test func theQueryNameFollowsMSADTS() {
        #expect(LDAPServerDiscovery.domainControllersName(for: "ad.example.test") == "_ldap._tcp.dc._msdcs.ad.example.test")
    }
}
