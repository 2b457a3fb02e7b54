import Foundation
import TestSupport

/// Runs a program without blocking Swift's cooperative threads. posix_spawn and waitpid on a
/// thread of its own, because Foundation's Process on Linux left a `samba-dc stop` child unreaped
/// here (its termination handler never ran). Standard streams are files, not pipes: a daemon the
/// program starts (samba-dc start) inherits them and would hold a pipe open forever. For the same
/// reason every other descriptor is closed in the child.
enum ProcessRunner {
    struct Result: Sendable {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Starts a program in the background with its output in `logFile`; returns its process ID.
    static func spawn(_ executable: String, _ arguments: [String], logFile: String) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, logFile, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, logFile, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        closeInheritedDescriptors(&actions)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        guard spawned == 0 else { throw IntegrationSetupError(description: "could not start \(executable): errno \(spawned)") }
        return pid
    }

    /// Waits for a spawned process on a thread of its own; returns its wait status.
    static func wait(for pid: pid_t) async -> Int32 {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                var raw: Int32 = 0
                while waitpid(pid, &raw, 0) == -1 && errno == EINTR {}
                continuation.resume(returning: raw)
            }
        }
    }

    /// `harness`: the program is part of the test environment (it starts a DC and prints its
    /// facts, passwords included), not Firstkey; its output is not kept for the secret search.
    static func run(_ executable: String, _ arguments: [String], stdin: String? = nil, environment: [String: String] = [:],
                    harness: Bool = false) async throws -> Result {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("firstkey-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { if harness { try? FileManager.default.removeItem(at: directory) } else { TestSecrets.cleanUp(directory) } }
        // stdin may carry a password: it lives with the other secret files, outside the searched output
        let inPath = try TestSecrets.writeFile(stdin ?? "", named: "stdin", recordAsCanary: false)
        defer { try? FileManager.default.removeItem(atPath: inPath) }
        let outPath = directory.appendingPathComponent("stdout").path
        let errPath = directory.appendingPathComponent("stderr").path

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, inPath, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        // Nothing else of the test process may leak into the child: a daemon it starts (samba-dc
        // start) kept a simulator's listening socket and a client connection open, so that
        // connection never closed and the simulator's graceful shutdown waited forever.
        closeInheritedDescriptors(&actions)

        let mergedEnvironment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = mergedEnvironment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }

        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        guard spawned == 0 else { throw IntegrationSetupError(description: "could not start \(executable): errno \(spawned)") }

        let child = pid
        let status: Int32 = await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                var raw: Int32 = 0
                while waitpid(child, &raw, 0) == -1 && errno == EINTR {}
                let exited = raw & 0x7F == 0
                continuation.resume(returning: exited ? (raw >> 8) & 0xFF : 128 + (raw & 0x7F))
            }
        }
        return Result(status: status,
                      stdout: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
                      stderr: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "")
    }

    /// glibc's posix_spawn_file_actions_addclosefrom_np (2.34+; Swift's Glibc module does not
    /// export it): every descriptor from 3 up is closed in the child.
    static func closeInheritedDescriptors(_ actions: inout posix_spawn_file_actions_t) {
        typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else {
            fatalError("posix_spawn_file_actions_addclosefrom_np is missing (glibc older than 2.34)")
        }
        _ = unsafeBitCast(symbol, to: CloseFrom.self)(&actions, 3)
    }
}
