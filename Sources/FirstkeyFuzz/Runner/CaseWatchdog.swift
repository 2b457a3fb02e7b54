import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Notices a case that runs past its time bound. A hang cannot be interrupted from inside (a
/// synchronous parser in a loop never yields), so a separate thread writes the input out and
/// ends the process with status 1.
final class CaseWatchdog: @unchecked Sendable {
    private struct Running {
        var target: String
        var index: Int
        var input: [UInt8]
        var started: ContinuousClock.Instant
    }

    private let lock = NSLock()
    private var running: Running?
    private let bound: Duration
    private let artifacts: String

    init(bound: Duration, artifacts: String) {
        self.bound = bound
        self.artifacts = artifacts
        let thread = Thread { [self] in watch() }
        thread.name = "fuzz-watchdog"
        thread.start()
    }

    func begin(target: String, index: Int, input: [UInt8]) {
        lock.withLock { running = Running(target: target, index: index, input: input, started: .now) }
        CrashCapture.record(input, path: "\(artifacts)/\(target)-\(index).bin")
    }

    func end() {
        lock.withLock { running = nil }
    }

    private func watch() {
        while true {
            Thread.sleep(forTimeInterval: 0.05)
            let overdue = lock.withLock { () -> Running? in
                guard let running, ContinuousClock.now - running.started > bound else { return nil }
                return running
            }
            guard let overdue else { continue }
            let path = FailureArtifacts.write(overdue.input, target: overdue.target, index: overdue.index, directory: artifacts,
                                              reason: "hang: no answer within \(bound)")
            FileHandle.standardError.write(Data("firstkey-fuzz: \(overdue.target) case \(overdue.index) hangs (no answer within \(bound)); input written to \(path)\n".utf8))
            fflush(nil)
            _exit(1)
        }
    }
}

/// Writes failing inputs as `<target>-<case>.bin`, with a `.txt` beside it saying what failed.
enum FailureArtifacts {
    @discardableResult
    static func write(_ input: [UInt8], target: String, index: Int, directory: String, reason: String) -> String {
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = "\(directory)/\(target)-\(index).bin"
        _ = FileManager.default.createFile(atPath: path, contents: Data(input))
        _ = FileManager.default.createFile(atPath: "\(directory)/\(target)-\(index).txt", contents: Data("\(reason)\n".utf8))
        return path
    }
}
