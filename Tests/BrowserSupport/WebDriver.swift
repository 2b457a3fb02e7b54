import AsyncHTTPClient
public import Foundation
#if canImport(Glibc)
import Glibc
#endif
import NIOCore
import NIOHTTP1
import NIOPosix

/// A WebDriver failure: the command and what chromedriver answered (never a page's content).
public struct WebDriverError: Error, CustomStringConvertible {
    public var description: String

    public init(description: String) { self.description = description }
}

/// A small WebDriver (W3C) client for chromedriver over HTTP: just what the page tests need.
/// chromedriver is started as a child process on a free loopback port and killed at the end.
/// (`@unchecked`: the Process is only started in `start` and stopped once in `stop`.)
public final class WebDriver: @unchecked Sendable {
    public let base: String
    private let process: Process
    private let client = HTTPClient.shared

    private init(base: String, process: Process) {
        self.base = base
        self.process = process
    }

    /// Starts `chromedriver` (its output is discarded: it could echo page content) and waits
    /// until it answers.
    public static func start(chromedriver: String) async throws -> WebDriver {
        // A busy machine (CI builds beside the tests) can make chromedriver slow to come up, and
        // the free port can be taken before it binds: a few tries, each with a new port.
        var lastError: (any Error)?
        for _ in 0..<3 {
            do {
                return try await startOnce(chromedriver: chromedriver, within: .seconds(40))
            } catch {
                lastError = error
            }
        }
        throw lastError ?? WebDriverError(description: "chromedriver did not start")
    }

    private static func startOnce(chromedriver: String, within limit: Duration) async throws -> WebDriver {
        let port = try await LoopbackPort.free()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromedriver)
        process.arguments = ["--port=\(port)", "--allowed-ips=127.0.0.1"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let driver = WebDriver(base: "http://127.0.0.1:\(port)", process: process)
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline, process.isRunning {
            if let status = try? await driver.command(.GET, "/status"), (status["ready"] as? Bool) == true { return driver }
            try await Task.sleep(for: .milliseconds(100))
        }
        let exited = !process.isRunning
        await driver.stop()
        throw WebDriverError(description: exited ? "chromedriver exited at start (port \(port) taken?)" : "chromedriver did not answer on port \(port) within \(limit)")
    }

    /// Asks chromedriver to quit (it does not stop on SIGTERM while it serves), then makes sure:
    /// SIGTERM, and SIGKILL if it is still there.
    public func stop() async {
        _ = try? await command(.GET, "/shutdown")
        for signal in [0, SIGTERM, SIGKILL] {
            if signal != 0 { kill(process.processIdentifier, signal) }
            for _ in 0..<50 where process.isRunning { try? await Task.sleep(for: .milliseconds(100)) }
            if !process.isRunning { break }
        }
        if !process.isRunning { process.waitUntilExit() }
    }

    /// A new headless Chromium session sized like a phone, with its profile in `profile`.
    public func session(chromium: String?, profile: URL) async throws -> BrowserSession {
        var options: [String: Any] = [
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=412,915", "--user-data-dir=\(profile.path)",
                     "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--disable-dev-shm-usage"],
            // A window is at least 500 px wide even headless; the page must fit a 412 px phone.
            "mobileEmulation": ["deviceMetrics": ["width": 412, "height": 915, "pixelRatio": 1]],
        ]
        if let chromium { options["binary"] = chromium }
        let value = try await command(.POST, "/session", ["capabilities": ["alwaysMatch": ["browserName": "chrome", "goog:chromeOptions": options]]])
        guard let id = value["sessionId"] as? String else { throw WebDriverError(description: "new session: no session ID in the answer") }
        return BrowserSession(driver: self, id: id)
    }

    /// Sends one command; the answer's `value` as it is (a script may return any JSON value).
    func answer(_ method: HTTPMethod, _ path: String, _ body: [String: Any]? = nil) async throws -> Any? {
        var request = HTTPClientRequest(url: base + path)
        request.method = method
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json; charset=utf-8")
            request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body)))
        }
        let response = try await client.execute(request, timeout: .seconds(60))
        let bytes = try await response.body.collect(upTo: 32 * 1024 * 1024)
        let object = (try? JSONSerialization.jsonObject(with: Data(bytes.readableBytesView))) as? [String: Any] ?? [:]
        let value = object["value"]
        if response.status.code >= 400 {
            let error = (value as? [String: Any])?["error"] as? String ?? "HTTP \(response.status.code)"
            throw WebDriverError(description: "\(method.rawValue) \(path.split(separator: "/").suffix(2).joined(separator: "/")): \(error)")
        }
        return value
    }

    /// Sends one command; the answer's `value` (an object, or wrapped as ["value": …]).
    @discardableResult
    func command(_ method: HTTPMethod, _ path: String, _ body: [String: Any]? = nil) async throws -> [String: Any] {
        let value = try await answer(method, path, body)
        if let dictionary = value as? [String: Any] { return dictionary }
        return ["value": value ?? NSNull()]
    }
}

/// One browser window.
public struct BrowserSession: Sendable {
    public let driver: WebDriver
    public let id: String

    public struct Element: Sendable {
        public let id: String
    }

    static let elementKey = "element-6066-11e4-a52e-4f735466cecf"

    public func navigate(to url: String) async throws {
        try await driver.command(.POST, "/session/\(id)/url", ["url": url])
    }

    public func element(_ css: String) async throws -> Element {
        let value: [String: Any]
        do {
            value = try await driver.command(.POST, "/session/\(id)/element", ["using": "css selector", "value": css])
        } catch {
            throw WebDriverError(description: "\(error) (\(css) on the page titled “\((try? await title()) ?? "?")”)")
        }
        guard let element = value[Self.elementKey] as? String else { throw WebDriverError(description: "no element \(css)") }
        return Element(id: element)
    }

    public func elements(_ css: String) async throws -> [Element] {
        let value = try await driver.command(.POST, "/session/\(id)/elements", ["using": "css selector", "value": css])
        return ((value["value"] as? [[String: Any]]) ?? []).compactMap { ($0[Self.elementKey] as? String).map(Element.init) }
    }

    /// The element that has the keyboard focus.
    public func activeElement() async throws -> Element {
        let value = try await driver.command(.GET, "/session/\(id)/element/active")
        guard let element = value[Self.elementKey] as? String else { throw WebDriverError(description: "no active element") }
        return Element(id: element)
    }

    /// Types `text` into `element` (WebDriver key codes: "\u{E007}" is Enter, "\u{E004}" Tab).
    public func type(_ text: String, into element: Element) async throws {
        try await driver.command(.POST, "/session/\(id)/element/\(element.id)/value", ["text": text])
    }

    public func click(_ element: Element) async throws {
        try await driver.command(.POST, "/session/\(id)/element/\(element.id)/click", [:])
    }

    /// Does `action` (a click or Enter that submits a form), then waits until the page it left
    /// is gone and the new one is loaded: chromedriver may answer before the navigation ends.
    public func submitting(_ action: () async throws -> Void) async throws {
        let old = try await element("html")
        try await action()
        let deadline = ContinuousClock.now + .seconds(15)
        while ContinuousClock.now < deadline {
            let stale: Bool
            do {
                try await driver.command(.GET, "/session/\(id)/element/\(old.id)/name")
                stale = false
            } catch {
                stale = true
            }
            if stale, try await execute("return document.readyState") as? String == "complete" { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw WebDriverError(description: "the form was submitted but no new page loaded within 15 s")
    }

    public func text(of element: Element) async throws -> String {
        try await driver.command(.GET, "/session/\(id)/element/\(element.id)/text")["value"] as? String ?? ""
    }

    public func text(_ css: String) async throws -> String {
        try await text(of: try element(css))
    }

    public func attribute(_ name: String, of element: Element) async throws -> String? {
        try await driver.command(.GET, "/session/\(id)/element/\(element.id)/attribute/\(name)")["value"] as? String
    }

    public func css(_ property: String, of element: Element) async throws -> String {
        try await driver.command(.GET, "/session/\(id)/element/\(element.id)/css/\(property)")["value"] as? String ?? ""
    }

    /// Runs a script in the page (WebDriver's scripts are not the page's: its CSP does not apply).
    public func execute(_ script: String) async throws -> Any? {
        let value = try await driver.answer(.POST, "/session/\(id)/execute/sync", ["script": script, "args": [Any]()])
        return value is NSNull ? nil : value
    }

    public func title() async throws -> String {
        try await driver.command(.GET, "/session/\(id)/title")["value"] as? String ?? ""
    }

    /// A PNG of the window.
    public func screenshot() async throws -> Data {
        guard let base64 = try await driver.command(.GET, "/session/\(id)/screenshot")["value"] as? String, let data = Data(base64Encoded: base64) else {
            throw WebDriverError(description: "screenshot: no PNG in the answer")
        }
        return data
    }

    /// Empties a text field (before typing a value of one's own).
    public func clear(_ element: Element) async throws {
        try await driver.command(.POST, "/session/\(id)/element/\(element.id)/clear", [:])
    }

    /// The browser's Back button.
    public func back() async throws {
        try await driver.command(.POST, "/session/\(id)/back", [:])
    }

    public func currentURL() async throws -> String {
        try await driver.command(.GET, "/session/\(id)/url")["value"] as? String ?? ""
    }

    /// Waits until the window shows a loaded page whose address starts with `prefix` (through
    /// redirects and self-submitting forms, which `submitting` would stop in the middle of).
    public func waitForPage(startingWith prefix: String, timeout: Duration = .seconds(15)) async throws {
        let deadline = ContinuousClock.now + timeout
        var last = ""
        while ContinuousClock.now < deadline {
            last = (try? await currentURL()) ?? ""
            if last.hasPrefix(prefix), (try? await execute("return document.readyState")) as? String == "complete" { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        // The path only: a query or form could carry a code.
        let path = URL(string: last)?.path ?? "?"
        throw WebDriverError(description: "no page at \(prefix)… within \(timeout) (the window is at \(path))")
    }

    public func close() async {
        _ = try? await driver.command(.DELETE, "/session/\(id)")
    }
}
