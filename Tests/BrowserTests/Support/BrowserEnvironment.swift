import Foundation
import TestSupport

/// Where the browser comes from (scripts/testenv/browser prints CHROMIUM and CHROMEDRIVER;
/// scripts/test exports them) and where screenshots go.
enum BrowserEnvironment {
    static let environment = ProcessInfo.processInfo.environment

    static var chromedriver: String? {
        environment["CHROMEDRIVER"].flatMap { FileManager.default.isExecutableFile(atPath: $0) ? $0 : nil }
    }

    static var chromium: String? {
        environment["CHROMIUM"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Browser tests run when chromedriver is there, and must run (failing without it) under
    /// FIRSTKEY_REQUIRE_INTEGRATION=1, as scripts/test sets.
    static var enabled: Bool { chromedriver != nil || environment["FIRSTKEY_REQUIRE_INTEGRATION"] == "1" }

    static func requireChromedriver() throws -> String {
        guard let chromedriver else {
            throw WebDriverError(description: "CHROMEDRIVER is not set to an executable: run scripts/testenv/browser install, or the tests with scripts/test")
        }
        return chromedriver
    }

    /// FIRSTKEY_SCREENSHOT_DIR (scripts/test: artifacts/test-run/screenshots), else a temporary folder.
    static var screenshotDirectory: URL {
        let url = environment["FIRSTKEY_SCREENSHOT_DIR"].map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("firstkey-screenshots")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A new Chromium profile among the files that may hold secrets (outside what the secret
    /// search reads: the profile may keep what the pages showed).
    static func newProfile() -> URL {
        let url = TestSecrets.directory.appendingPathComponent("chromium-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        return url
    }
}

/// Saves each step's screenshot as `<scenario>-<nn>-<step>.png`.
final class ScreenshotRecorder: @unchecked Sendable {
    private let scenario: String
    private let lock = NSLock()
    private var step = 0

    init(_ scenario: String) { self.scenario = scenario }

    func save(_ session: BrowserSession, _ name: String) async throws {
        let png = try await session.screenshot()
        let number = lock.withLock { () -> Int in
            step += 1
            return step
        }
        let file = BrowserEnvironment.screenshotDirectory.appendingPathComponent(String(format: "%@-%02d-%@.png", scenario, number, name))
        try png.write(to: file)
    }
}
