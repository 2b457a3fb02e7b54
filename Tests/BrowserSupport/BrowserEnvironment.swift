public import Foundation
import NIOCore
import NIOPosix
import TestSupport

/// Where the browser comes from (scripts/testenv/browser prints CHROMIUM and CHROMEDRIVER;
/// scripts/test exports them) and where screenshots go.
public enum BrowserEnvironment {
    static let environment = ProcessInfo.processInfo.environment

    public static var chromedriver: String? {
        environment["CHROMEDRIVER"].flatMap { FileManager.default.isExecutableFile(atPath: $0) ? $0 : nil }
    }

    public static var chromium: String? {
        environment["CHROMIUM"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Browser tests run when chromedriver is there, and must run (failing without it) under
    /// FIRSTKEY_REQUIRE_INTEGRATION=1, as scripts/test sets.
    public static var enabled: Bool { chromedriver != nil || environment["FIRSTKEY_REQUIRE_INTEGRATION"] == "1" }

    public static func requireChromedriver() throws -> String {
        guard let chromedriver else {
            throw WebDriverError(description: "CHROMEDRIVER is not set to an executable: run scripts/testenv/browser install, or the tests with scripts/test")
        }
        return chromedriver
    }

    /// FIRSTKEY_SCREENSHOT_DIR (scripts/test: artifacts/test-run/screenshots), else a temporary folder.
    public static var screenshotDirectory: URL {
        let url = environment["FIRSTKEY_SCREENSHOT_DIR"].map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("firstkey-screenshots")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A new Chromium profile among the files that may hold secrets (outside what the secret
    /// search reads: the profile may keep what the pages showed).
    public static func newProfile() -> URL {
        let url = TestSecrets.directory.appendingPathComponent("chromium-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        return url
    }

    /// Runs `body` with its own chromedriver and a fresh browser window (own profile), and
    /// tears both down whatever happens: no chromedriver or Chromium outlives the test.
    public static func withWindow(_ body: (BrowserSession) async throws -> Void) async throws {
        let chromedriver = try requireChromedriver()
        let driver = try await WebDriver.start(chromedriver: chromedriver)
        let profile = newProfile()
        defer { try? FileManager.default.removeItem(at: profile) }
        do {
            let session = try await driver.session(chromium: chromium, profile: profile)
            do {
                try await body(session)
            } catch {
                await session.close()
                throw error
            }
            await session.close()
        } catch {
            await driver.stop()
            throw error
        }
        await driver.stop()
    }
}

/// A loopback port nobody listens on now (bound and released at once), for a server that must
/// know its own address before it starts (a redirect URI, a public URL).
public enum LoopbackPort {
    public static func free() async throws -> Int {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: 0).get()
        let port = channel.localAddress?.port ?? 0
        try await channel.close()
        guard port > 0 else { throw WebDriverError(description: "no free port") }
        return port
    }
}

/// Saves each step's screenshot as `<scenario>-<nn>-<step>.png`.
public final class ScreenshotRecorder: @unchecked Sendable {
    private let scenario: String
    private let lock = NSLock()
    private var step = 0

    public init(_ scenario: String) { self.scenario = scenario }

    public func save(_ session: BrowserSession, _ name: String) async throws {
        let png = try await session.screenshot()
        let number = lock.withLock { () -> Int in
            step += 1
            return step
        }
        let file = BrowserEnvironment.screenshotDirectory.appendingPathComponent(String(format: "%@-%02d-%@.png", scenario, number, name))
        try png.write(to: file)
    }
}
