import Crypto
import FirstkeySimulator
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Synchronization
import TestSupport

/// ACS and Twilio requests built the way their SDKs build them — signatures computed here with
/// swift-crypto and Foundation's date formatter, independently of the simulator's own code.
enum ACSSigner {
    /// `endpoint=…;accesskey=…` → (host as the SDK signs it, key bytes).
    static func parse(connectionString: String) -> (host: String, key: [UInt8])? {
        var fields: [String: String] = [:]
        for part in connectionString.split(separator: ";") {
            guard let equals = part.firstIndex(of: "=") else { continue }
            fields[part[..<equals].lowercased()] = String(part[part.index(after: equals)...])
        }
        guard var endpoint = fields["endpoint"], let key = fields["accesskey"], let bytes = Data(base64Encoded: key) else { return nil }
        while endpoint.hasSuffix("/") { endpoint.removeLast() }
        guard let range = endpoint.range(of: "://") else { return nil }
        return (String(endpoint[range.upperBound...]), Array(bytes))
    }

    static func rfc1123(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.string(from: date)
    }

    static func contentHash(_ body: String) -> String {
        Data(SHA256.hash(data: Array(body.utf8))).base64EncodedString()
    }

    /// The headers azure-communication-sms's HMAC policy adds.
    static func headers(method: String = "POST", pathAndQuery: String, host: String, key: [UInt8], body: String, date: Date = Date(),
                        hashOverride: String? = nil) -> HTTPFields
    {
        let dateText = rfc1123(date)
        let hash = hashOverride ?? contentHash(body)
        let stringToSign = "\(method)\n\(pathAndQuery)\n\(dateText);\(host);\(hash)"
        let signature = Data(HMAC<SHA256>.authenticationCode(for: Array(stringToSign.utf8), using: SymmetricKey(data: key))).base64EncodedString()
        return [
            HTTPField.Name("x-ms-date")!: dateText,
            HTTPField.Name("x-ms-content-sha256")!: hash,
            HTTPField.Name("x-ms-return-client-request-id")!: "true",
            HTTPField.Name("x-ms-client-request-id")!: UUID().uuidString.lowercased(),
            .authorization: "HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=\(signature)",
            .contentType: "application/json",
        ]
    }
}

/// A started simulator with one ACS resource and one Twilio account.
struct SMSFixture: Sendable {
    static let acsNumber = "+18005550100"
    static let twilioNumber = "+15017122661"
    static let accountSID = "AC0123456789abcdef0123456789abcdef"
    static let authToken = "f0e1d2c3b4a5968778695a4b3c2d1e0f"
    static let apiKeySID = "SK0123456789abcdef0123456789abcdef"
    static let apiKeySecret = "api-key-secret-value"
    static let serviceSID = "MG0123456789abcdef0123456789abcdef"
    static let serviceNumber = "+15017122662"

    let fixture: SimulatorFixture
    let connectionString: String
    var simulator: FirstkeySimulator { fixture.simulator }
    var client: SimulatorHTTPClient { fixture.client }

    static func with<T: Sendable>(https: Bool = false, _ body: (SMSFixture) async throws -> T) async throws -> T {
        try await SimulatorFixture.with(https: https) { fixture in
            let resource = SimulatedCommunicationResource(name: "contoso-sms", phoneNumbers: [acsNumber])
            // Canaries for scripts/check-secrets: the simulator must never log a key or token.
            for secret in [resource.accessKey, authToken, apiKeySecret] { TestSecrets.record(secret) }
            let connectionString = fixture.simulator.registerCommunicationResource(resource)
            fixture.simulator.registerTwilioAccount(SimulatedTwilioAccount(
                accountSID: accountSID, authToken: authToken, apiKeys: [.init(sid: apiKeySID, secret: apiKeySecret)], phoneNumbers: [twilioNumber, "Firstkey"],
                messagingServices: [.init(sid: serviceSID, phoneNumbers: [serviceNumber])]))
            return try await body(SMSFixture(fixture: fixture, connectionString: connectionString))
        }
    }

    static let path = "/sms?api-version=2021-03-07"

    /// A signed `POST /sms`, optionally tampered with after signing.
    func sendACS(_ json: JSONValue, connectionString: String? = nil, path: String = SMSFixture.path, date: Date = Date(),
                 hashOverride: String? = nil, bodyAfterSigning: String? = nil, headerChange: ((inout HTTPFields) -> Void)? = nil) async throws -> HTTPResult
    {
        let (host, key) = ACSSigner.parse(connectionString: connectionString ?? self.connectionString)!
        let body = json.serialized
        var headers = ACSSigner.headers(pathAndQuery: path, host: host, key: key, body: body, date: date, hashOverride: hashOverride)
        headerChange?(&headers)
        return try await client.send(.post, path, headers: headers, body: bodyAfterSigning ?? body)
    }

    func basic(_ user: String, _ password: String) -> String {
        "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
    }

    var messagesPath: String { "/2010-04-01/Accounts/\(Self.accountSID)/Messages.json" }

    func sendTwilio(_ fields: [(String, String)], user: String = SMSFixture.accountSID, password: String = SMSFixture.authToken,
                    path: String? = nil) async throws -> HTTPResult
    {
        try await client.postForm(path ?? messagesPath, fields, headers: [.authorization: basic(user, password)])
    }

    static func message(to: [String], text: String = "Your code is 123456", options: JSONValue? = ["enableDeliveryReport": true, "tag": "tap-123"]) -> JSONValue {
        var members: [(String, JSONValue)] = [("from", .string(acsNumber)), ("smsRecipients", .array(to.map { ["to": .string($0)] })), ("message", .string(text))]
        if let options { members.append(("smsSendOptions", options)) }
        return .object(members)
    }
}

/// A tiny HTTP server standing in for Firstkey's webhook endpoints: records every request and
/// answers what `respond` says (by request index, from 0).
final class WebhookReceiver: Sendable {
    struct Received: Sendable {
        var method: String
        var target: String
        var headers: HTTPFields
        var body: [UInt8]

        var json: JSONValue? { JSONValue(parsing: body) }
        var text: String { String(decoding: body, as: UTF8.self) }
        func header(_ name: String) -> String? { headers[HTTPField.Name(name)!] }

        /// Form fields, decoded (`+` is a space).
        var form: [(name: String, value: String)] {
            text.split(separator: "&").map { pair in
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map {
                    String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
                }
                return (parts[0], parts.count > 1 ? parts[1] : "")
            }
        }
    }

    typealias Respond = @Sendable (Received, Int) -> (status: HTTPResponse.Status, body: String)

    let requests = Mutex<[Received]>([])
    let respond: Respond
    private let port = Mutex<Int>(0)

    init(respond: @escaping Respond) {
        self.respond = respond
    }

    var baseURL: String { "http://127.0.0.1:\(port.withLock { $0 })" }

    /// Echoes the Event Grid validation code; 200 for everything else.
    static let eventGrid: Respond = { request, _ in
        if request.header("aeg-event-type") == "SubscriptionValidation",
           let code = request.json?.arrayValue?.first?["data"]?["validationCode"]?.stringValue
        {
            return (.ok, #"{"validationResponse":"\#(code)"}"#)
        }
        return (.ok, "")
    }

    static func with<T: Sendable>(respond: @escaping Respond = WebhookReceiver.eventGrid, _ body: (WebhookReceiver) async throws -> T) async throws -> T {
        let receiver = WebhookReceiver(respond: respond)
        let (ready, continuation) = AsyncStream.makeStream(of: Int.self)
        var logger = Logger(label: "webhook-receiver")
        logger.logLevel = .critical  // cancelling the server at the end logs a harmless "already closed"
        let app = Application(responder: Responder(receiver: receiver), configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) }, logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.runService(gracefulShutdownSignals: []) }
            defer { group.cancelAll() }
            for await port in ready {
                receiver.port.withLock { $0 = port }
                break
            }
            return try await body(receiver)
        }
    }

    /// Waits until at least `count` requests arrived (matching `filter`), then returns them.
    func wait(for count: Int, matching filter: @Sendable (Received) -> Bool = { _ in true }, timeout: Duration = .seconds(10)) async throws -> [Received] {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while clock.now < deadline {
            let matching = requests.withLock { $0.filter(filter) }
            if matching.count >= count { return matching }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw FixtureError("expected \(count) webhook requests, got \(requests.withLock { $0.filter(filter) }.count)")
    }

    var received: [Received] { requests.withLock { $0 } }

    private struct Responder: HTTPResponder {
        typealias Context = BasicRequestContext
        let receiver: WebhookReceiver

        func respond(to request: Request, context: Context) async throws -> Response {
            let body = try await request.body.collect(upTo: 1 << 20)
            let received = Received(method: request.method.rawValue, target: request.head.path ?? request.uri.path, headers: request.headers,
                                    body: Array(buffer: body))
            let index = receiver.requests.withLock { requests in
                requests.append(received)
                return requests.count - 1
            }
            let (status, text) = receiver.respond(received, index)
            return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: text)))
        }
    }
}
