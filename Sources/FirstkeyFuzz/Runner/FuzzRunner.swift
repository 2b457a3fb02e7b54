import Foundation

/// What one target's run found, printed as one line (or one JSON object with `--json`).
struct TargetReport: Sendable, Encodable {
    var target: String
    var seed: String
    var start: Int
    var cases = 0
    var seconds = 0.0
    var casesPerSecond = 0.0
    var slowestCaseMilliseconds = 0.0
    var slowestCase = -1
    var outcomes: [String: Int] = [:]
    var failures = 0
    var failingInputs: [String] = []
    var stoppedBy = "count"

    var line: String {
        let counts = outcomes.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let verdict = failures == 0 ? "ok" : "FAILED (\(failures); inputs: \(failingInputs.joined(separator: ", ")))"
        func fixed(_ value: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", value) }
        return "\(target): \(cases) cases in \(fixed(seconds, 1)) s (\(fixed(casesPerSecond, 0))/s, slowest \(fixed(slowestCaseMilliseconds, 1)) ms (case \(slowestCase)), "
            + "stopped by \(stoppedBy), seed \(seed)) \(counts) — \(verdict)"
    }
}

/// Runs a target's cases one after another: each from its own generator (seed, target, index),
/// each watched for a hang, each failing input kept.
struct FuzzRunner: Sendable {
    var options: FuzzOptions
    var watchdog: CaseWatchdog

    func run(_ target: some FuzzTarget) async -> TargetReport {
        var report = TargetReport(target: target.name, seed: "0x" + String(options.seed, radix: 16), start: options.start)
        if !options.json {
            print("\(target.name): seed 0x\(String(options.seed, radix: 16)), cases \(options.start)..<\(options.start + options.count), at most \(options.maxSeconds) s")
        }
        let clock = ContinuousClock()
        let began = clock.now
        var slowest = Duration.zero
        cases: for index in options.start..<(options.start + options.count) {
            if clock.now - began > .seconds(options.maxSeconds) {
                report.stoppedBy = "time"
                break cases
            }
            var rng = SplitMix64(seed: options.seed, target: target.name, index: index)
            let input = target.generate(&rng)
            let caseStart = clock.now
            watchdog.begin(target: target.name, index: index, input: input)
            let verdict = await target.execute(input)
            watchdog.end()
            let took = clock.now - caseStart
            if took > slowest {
                slowest = took
                report.slowestCase = index
            }
            report.cases += 1
            switch verdict {
            case .passed(let label):
                report.outcomes[label, default: 0] += 1
            case .failed(let reason):
                report.failures += 1
                report.outcomes["failed", default: 0] += 1
                let path = FailureArtifacts.write(input, target: target.name, index: index, directory: options.artifacts, reason: reason)
                report.failingInputs.append(path)
                FileHandle.standardError.write(Data("firstkey-fuzz: \(target.name) case \(index): \(reason) (input: \(path))\n".utf8))
                if report.failures >= options.maximumFailures {
                    report.stoppedBy = "failures"
                    break cases
                }
            }
        }
        let elapsed = clock.now - began
        report.seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        report.casesPerSecond = report.seconds > 0 ? Double(report.cases) / report.seconds : 0
        report.slowestCaseMilliseconds = Double(slowest.components.seconds) * 1000 + Double(slowest.components.attoseconds) / 1e15
        return report
    }

    /// Runs one saved input (`--replay`) and says what the target made of it.
    func replay(_ target: some FuzzTarget, path: String) async -> FuzzVerdict {
        guard let data = FileManager.default.contents(atPath: path) else { return .failed("cannot read \(path)") }
        let input = Array(data)
        watchdog.begin(target: target.name, index: -1, input: input)
        defer { watchdog.end() }
        return await target.execute(input)
    }
}
