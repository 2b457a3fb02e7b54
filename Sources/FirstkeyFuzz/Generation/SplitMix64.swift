/// SplitMix64 (Steele, Lea, Flood 2014): tiny, fast and fully determined by its seed, so every
/// fuzz case can be regenerated from `--seed` and its index alone.
struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    /// The generator for case `index` of `target`: independent of every other case, so
    /// `--start N --count 1` replays case N exactly.
    init(seed: UInt64, target: String, index: Int) {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a of the target name
        for byte in target.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        var mixer = SplitMix64(seed: seed ^ hash)
        _ = mixer.next()
        self.init(seed: mixer.next() &+ UInt64(index) &* 0x9e37_79b9_7f4a_7c15)
        _ = next()
    }

    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    /// A value in 0..<bound (bound > 0).
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(max(bound, 1))) }

    /// True with probability `percent`/100.
    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }

    mutating func pick<T>(_ values: [T]) -> T { values[below(values.count)] }

    /// Mostly small, sometimes large: lengths and counts that find both off-by-ones and limits.
    mutating func size(upTo limit: Int) -> Int {
        switch below(10) {
        case 0..<6: return below(min(8, limit) + 1)
        case 6..<9: return below(min(64, limit) + 1)
        default: return below(limit + 1)
        }
    }
}
