/// Mutates valid inputs the way a hostile or broken client would: flipped bits, cut and spliced
/// bytes, repeated chunks (deep nesting), and tokens from a per-format dictionary.
struct ByteMutator: Sendable {
    /// Byte strings that mean something to the format under test (`{`, `"\u0000"`, `0x84`, …).
    var dictionary: [[UInt8]]

    func mutate(_ input: [UInt8], seeds: [[UInt8]], rng: inout SplitMix64) -> [UInt8] {
        var bytes = input
        let rounds = 1 + rng.size(upTo: 12)
        for _ in 0..<rounds { apply(&bytes, seeds: seeds, rng: &rng) }
        return bytes
    }

    private func apply(_ bytes: inout [UInt8], seeds: [[UInt8]], rng: inout SplitMix64) {
        let position = rng.below(bytes.count + 1)
        switch rng.below(11) {
        case 0 where !bytes.isEmpty:  // flip a bit
            let index = min(position, bytes.count - 1)
            bytes[index] ^= UInt8(1) << UInt8(rng.below(8))
        case 1 where !bytes.isEmpty:  // replace a byte with an interesting one
            let index = min(position, bytes.count - 1)
            bytes[index] = rng.pick([0x00, 0x01, 0x7F, 0x80, 0xFF, 0xC0, 0xED, 0x22, 0x5C, 0x0A, 0x0D, 0x2C, UInt8(truncatingIfNeeded: rng.next())])
        case 2:  // insert random bytes
            bytes.insert(contentsOf: (0..<(1 + rng.size(upTo: 32))).map { _ in UInt8(truncatingIfNeeded: rng.next()) }, at: position)
        case 3 where !bytes.isEmpty:  // delete a range
            let end = min(bytes.count, position + 1 + rng.size(upTo: 64))
            bytes.removeSubrange(min(position, bytes.count - 1)..<end)
        case 4:  // truncate
            bytes.removeSubrange(position..<bytes.count)
        case 5 where !seeds.isEmpty:  // splice: our prefix + another seed's suffix
            let other = rng.pick(seeds)
            bytes = Array(bytes.prefix(position)) + Array(other.suffix(from: rng.below(other.count + 1)))
        case 6 where !bytes.isEmpty:  // duplicate a chunk in place
            let start = min(position, bytes.count - 1)
            let chunk = Array(bytes[start..<min(bytes.count, start + 1 + rng.size(upTo: 128))])
            bytes.insert(contentsOf: chunk, at: start)
        case 7:  // repeat a dictionary token many times (deep nesting, long runs)
            let token = rng.pick(dictionary)
            let times = rng.chance(20) ? 1_000 + rng.below(20_000) : 1 + rng.below(64)
            bytes.insert(contentsOf: Array([[UInt8]](repeating: token, count: times).joined()), at: position)
        case 8:  // a very long run of one byte
            bytes.insert(contentsOf: [UInt8](repeating: rng.pick([0x41, 0x00, 0x20, 0xFF, 0x30, 0x22]), count: 1 + rng.size(upTo: 70_000)), at: position)
        default:  // insert a dictionary token
            bytes.insert(contentsOf: rng.pick(dictionary), at: position)
        }
    }
}
