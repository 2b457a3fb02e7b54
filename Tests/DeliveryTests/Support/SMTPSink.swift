import Foundation
import Testing

/// The SMTP capture server (scripts/testenv/smtp-sink): the one scripts/test-env-up started when
/// its facts (SMTP_HOST, SMTP_PORT, SMTP_TLS_PORT, SMTP_CA_CERT, SMTP_MAILDIR) are in the
/// environment, else one this suite starts on 127.0.0.1:2625/2626 and removes afterwards. Without
/// aiosmtpd (and not as root to install it) the suite is skipped, unless
/// FIRSTKEY_REQUIRE_INTEGRATION=1, which makes that a failure.
struct SMTPSink: Sendable {
    var host: String
    var port: Int
    var tlsPort: Int
    var caFile: String
    var mailDirectory: String

    @TaskLocal static var current: SMTPSink?

    static let environment = ProcessInfo.processInfo.environment
    static let stateDirectory = "/tmp/firstkey-delivery-smtp-sink"

    static var required: Bool { environment["FIRSTKEY_REQUIRE_INTEGRATION"] == "1" }

    /// From the environment's facts, if all are there.
    static var fromEnvironment: SMTPSink? {
        guard let host = environment["SMTP_HOST"], let port = environment["SMTP_PORT"].flatMap(Int.init),
              let tlsPort = environment["SMTP_TLS_PORT"].flatMap(Int.init), let ca = environment["SMTP_CA_CERT"],
              let mail = environment["SMTP_MAILDIR"]
        else { return nil }
        return SMTPSink(host: host, port: port, tlsPort: tlsPort, caFile: ca, mailDirectory: mail)
    }

    static func start() async throws -> SMTPSink {
        let script = ProcessRunner.repositoryRoot.appendingPathComponent("scripts/testenv/smtp-sink").path
        let result = try await ProcessRunner.run(
            "/bin/bash", [script, "start"],
            environment: ["SMTP_SINK_STATE_DIR": stateDirectory, "SMTP_HOST": "127.0.0.1", "SMTP_PORT": "2625", "SMTP_TLS_PORT": "2626"])
        guard result.status == 0 else { throw SetupError("smtp-sink did not start (\(result.status)): \(result.stderr.suffix(600))") }
        var facts: [String: String] = [:]
        for line in result.stdout.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2 { facts[parts[0]] = parts[1] }
        }
        guard let host = facts["SMTP_HOST"], let port = facts["SMTP_PORT"].flatMap(Int.init), let tlsPort = facts["SMTP_TLS_PORT"].flatMap(Int.init),
              let ca = facts["SMTP_CA_CERT"], let mail = facts["SMTP_MAILDIR"]
        else { throw SetupError("smtp-sink printed no facts: \(result.stdout)") }
        return SMTPSink(host: host, port: port, tlsPort: tlsPort, caFile: ca, mailDirectory: mail)
    }

    /// Stops the sink this suite started and deletes its state: the saved messages hold the
    /// tests' canary links and codes.
    static func stop() async {
        let script = ProcessRunner.repositoryRoot.appendingPathComponent("scripts/testenv/smtp-sink").path
        _ = try? await ProcessRunner.run("/bin/bash", [script, "reset"], environment: ["SMTP_SINK_STATE_DIR": stateDirectory])
    }

    /// The saved messages whose envelope goes to `recipient`, newest last.
    func messages(to recipient: String) throws -> [String] {
        let files = try FileManager.default.contentsOfDirectory(atPath: mailDirectory).filter { $0.hasSuffix(".eml") }.sorted()
        return try files.map { try String(contentsOfFile: "\(mailDirectory)/\($0)", encoding: .utf8) }
            .filter { $0.contains("X-Envelope-To: \(recipient)\r\n") || $0.contains("X-Envelope-To: \(recipient)\n") }
    }

    /// A recipient address no other test uses.
    static func uniqueRecipient(_ prefix: String = "hire") -> String {
        "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())@example.org"
    }
}

/// Starts the sink for the suite (unless the environment names one) and stops it afterwards.
struct SMTPSinkTrait: SuiteTrait, TestScoping {
    func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        if let sink = SMTPSink.fromEnvironment {
            try await SMTPSink.$current.withValue(sink) { try await function() }
            return
        }
        let sink: SMTPSink
        do {
            sink = try await SMTPSink.start()
        } catch {
            if SMTPSink.required { throw error }
            // Not available here: the tests see no sink and skip themselves.
            try await function()
            return
        }
        do {
            try await SMTPSink.$current.withValue(sink) { try await function() }
        } catch {
            await SMTPSink.stop()
            throw error
        }
        await SMTPSink.stop()
    }
}

extension Trait where Self == SMTPSinkTrait {
    static var smtpSink: SMTPSinkTrait { SMTPSinkTrait() }
}

/// Python's own e-mail parser, as an independent check of what Firstkey wrote.
enum PythonMail {
    struct Parsed: Decodable {
        struct Part: Decodable {
            var type: String
            var charset: String?
            var transferEncoding: String?
            var text: String
        }

        var subject: String
        var from: String
        var to: String
        var messageID: String
        var headers: [String: String]
        var isMultipart: Bool
        var parts: [Part]
    }

    static let script = """
        import email, email.policy, json, sys
        msg = email.message_from_binary_file(open(sys.argv[1], 'rb'), policy=email.policy.default)
        parts = [{'type': p.get_content_type(), 'charset': p.get_content_charset(), 'transferEncoding': p.get('Content-Transfer-Encoding'),
                  'text': p.get_content()} for p in (msg.iter_parts() if msg.is_multipart() else [msg])]
        print(json.dumps({'subject': str(msg['Subject']), 'from': str(msg['From']), 'to': str(msg['To']), 'messageID': str(msg['Message-ID']),
                          'headers': {k: str(v) for k, v in msg.items()}, 'isMultipart': msg.is_multipart(), 'parts': parts}))
        """

    static func parse(_ raw: String) async throws -> Parsed {
        let path = "/tmp/firstkey-delivery-mail-\(UUID().uuidString).eml"
        try raw.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try await ProcessRunner.run("python3", ["-c", script, path])
        guard result.status == 0 else { throw SetupError("python could not parse the message: \(result.stderr)") }
        return try JSONDecoder().decode(Parsed.self, from: Data(result.stdout.utf8))
    }
}
