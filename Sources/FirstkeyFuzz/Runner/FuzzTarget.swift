/// One intake under test: it makes inputs from a seeded generator and judges what the real code
/// path answered. `execute` never throws: a wrong answer is a `.failed` verdict with the reason.
protocol FuzzTarget: Sendable {
    var name: String { get }
    func generate(_ rng: inout SplitMix64) -> [UInt8]
    func execute(_ input: [UInt8]) async -> FuzzVerdict
}

enum FuzzVerdict: Sendable, Equatable {
    /// The code answered as it should; the label is counted in the summary (`2xx`, `4xx`, `rejected`…).
    case passed(String)
    case failed(String)
}

/// Mixes seed mutations with structured-random values, the way both kinds of fuzzer find bugs.
struct InputMix: Sendable {
    var seeds: [[UInt8]]
    var mutator: ByteMutator
    var structured: @Sendable (inout SplitMix64) -> [UInt8]

    func next(_ rng: inout SplitMix64) -> [UInt8] {
        switch rng.below(100) {
        case 0..<45: return mutator.mutate(rng.pick(seeds), seeds: seeds, rng: &rng)
        case 45..<55: return rng.pick(seeds)
        case 55..<85: return structured(&rng)
        default: return mutator.mutate(structured(&rng), seeds: seeds, rng: &rng)
        }
    }
}
