public import Foundation

/// Canary bookkeeping for the secret search. Every secret a test handles (passwords it sets,
/// tokens it issues, keys it makes, passwords the engine generated) is recorded in
/// FIRSTKEY_CANARY_FILE; after the run, scripts/check-secrets searches everything the run
/// produced — test output, CLI output, databases, server logs — and fails if any appears.
/// Files that must hold a secret (password files, keys, a CLI's stdin) live in
/// FIRSTKEY_TEST_SECRETS_DIR, outside what is searched.
public enum TestSecrets {
    private static let environment = ProcessInfo.processInfo.environment
    private static let lock = NSLock()

    /// Records `secret` as a canary (no-op outside scripts/test). Shorter than 8 characters it
    /// would match by chance in binary files, so it is not recorded.
    public static func record(_ secret: String) {
        guard let path = environment["FIRSTKEY_CANARY_FILE"], secret.count >= 8, !secret.contains("\n") else { return }
        lock.lock()
        defer { lock.unlock() }
        if !FileManager.default.fileExists(atPath: path) {
            _ = FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
        }
        guard let handle = FileHandle(forWritingAtPath: path) else { return }
        defer { try? handle.close() }
        _ = try? handle.seekToEnd()
        try? handle.write(contentsOf: Data((secret + "\n").utf8))
    }

    /// A fresh random canary that satisfies a typical AD policy, already recorded.
    public static func canaryPassword() -> String {
        let value = "Canary-\(String(UInt64.random(in: 0..<UInt64.max), radix: 36))-Zq7!"
        record(value)
        return value
    }

    /// Where to put files that hold secrets: not searched, private to the user.
    public static var directory: URL {
        let url = environment["FIRSTKEY_TEST_SECRETS_DIR"].map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("firstkey-test-secrets")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        return url
    }

    /// Writes `secret` to a new mode-600 file in `directory`, records it, returns the path.
    @discardableResult
    public static func writeFile(_ secret: String, named name: String = "secret", recordAsCanary: Bool = true) throws -> String {
        if recordAsCanary { record(secret) }
        let url = directory.appendingPathComponent("\(name)-\(UUID().uuidString)")
        guard FileManager.default.createFile(atPath: url.path, contents: Data(secret.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteUnknown)
        }
        return url.path
    }

    /// Removes a test's scratch files, unless the run keeps them for the secret search
    /// (FIRSTKEY_KEEP_TEST_FILES=1, set by scripts/test).
    public static func cleanUp(_ url: URL) {
        guard environment["FIRSTKEY_KEEP_TEST_FILES"] != "1" else { return }
        try? FileManager.default.removeItem(at: url)
    }
}
