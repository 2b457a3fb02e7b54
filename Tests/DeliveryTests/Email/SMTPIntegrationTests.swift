import Crypto
import Foundation
import Onboarding
import Testing
import TestSupport
@testable import Delivery

/// The SMTP client against a real server (aiosmtpd, scripts/testenv/smtp-sink): STARTTLS and
/// implicit TLS with certificate verification against the sink's own CA, AUTH PLAIN and LOGIN,
/// the MIME message as Python's e-mail parser reads it, 4xx and 5xx replies, refused logins and
/// untrusted certificates. The password and pickup values are canaries: they must never appear
/// in an error or a log line.
@Suite(.smtpSink, .serialized) struct SMTPIntegrationTests {
    private func sink() throws -> SMTPSink? {
        if let sink = SMTPSink.current { return sink }
        if SMTPSink.required { throw SetupError("the SMTP capture server is not available") }
        return nil
    }

    private func configuration(
        _ sink: SMTPSink, security: SMTPSecurity = .startTLS, credentials: SMTPCredentials? = nil, caFile: String?? = .none,
        serverName: String? = nil, port: Int? = nil
    ) throws -> SMTPConfiguration {
        try SMTPConfiguration(
            host: sink.host, port: port ?? (security == .implicitTLS ? sink.tlsPort : sink.port), security: security,
            tls: SMTPTLSConfiguration(caFile: caFile ?? sink.caFile, serverName: serverName), credentials: credentials,
            sender: try EmailAddress("noreply@contoso.com", displayName: "Contoso IT – Onboarding"),
            connectTimeout: .seconds(5), commandTimeout: .seconds(10), dataTimeout: .seconds(20))
    }

    /// A pickup-link mail in German whose link token is a canary.
    private func pickupMail(to recipient: String, token: String) throws -> DeliveryMessage {
        let plan = try DeliveryPolicy.plan(DeliveryPlanRequest(
            mode: .temporaryPassword, recipients: Recipients(mobilePhone: "+491701234567", privateEmail: recipient), channels: [.sms, .email]))
        var content = Samples.content(link: "https://firstkey.contoso.com/pickup/\(token)", language: .german)
        content.displayName = "Kathy Müller"
        return try Samples.composer(organization: "Contoso Köln").message(
            .pickupLink, of: plan, content: content, idempotencyKey: .delivery(caseID: UUID().uuidString, round: 0), tag: "case-smtp", firstAttemptAt: Date())
    }

    private func canaryToken() -> String {
        let token = "tok-canary-\(UUID().uuidString.lowercased())"
        TestSecrets.record(token)
        return token
    }

    private func header(_ name: String, in raw: String) -> String? {
        raw.components(separatedBy: "\r\n").first { $0.hasPrefix("\(name): ") }.map { String($0.dropFirst(name.count + 2)) }
    }

    @Test func startTLSWithPlainAndTheMessageAsPythonReadsIt() async throws {
        guard let sink = try sink() else { return }
        let password = TestSecrets.canaryPassword()
        let logs = CapturedLogs()
        let channel = SMTPMailChannel(
            configuration: try configuration(sink, credentials: try SMTPCredentials(username: "firstkey@contoso.com", password: password)), logger: logs.logger)
        let recipient = SMTPSink.uniqueRecipient()
        let token = canaryToken()
        let message = try pickupMail(to: recipient, token: token)

        let receipt = try await channel.send(message)
        #expect(receipt.status == .accepted && receipt.provider == .smtp)
        let raw = try #require(try sink.messages(to: recipient).last)
        #expect(header("X-Sink-TLS", in: raw) == "yes")
        #expect(header("X-Sink-Auth-Login", in: raw) == "firstkey@contoso.com")
        #expect(header("X-Sink-Auth-Mechanism", in: raw) == "PLAIN")
        let digest = SHA256.hash(data: Data(password.utf8)).map { String(format: "%02x", $0) }.joined()
        #expect(header("X-Sink-Auth-Password-SHA256", in: raw) == digest)
        #expect(header("X-Envelope-From", in: raw) == "noreply@contoso.com")

        let parsed = try await PythonMail.parse(raw)
        #expect(parsed.subject == message.subject)
        #expect(parsed.from == "Contoso IT – Onboarding <noreply@contoso.com>")
        #expect(parsed.to == recipient)
        #expect(parsed.messageID == receipt.providerMessageID)
        #expect(parsed.isMultipart)
        #expect(parsed.parts.map(\.type) == ["text/plain", "text/html"])
        #expect(parsed.parts.allSatisfy { $0.charset == "utf-8" && $0.transferEncoding == "quoted-printable" })
        #expect(parsed.parts[0].text.replacing("\r\n", with: "\n").trimmingCharacters(in: .newlines) == message.text)
        #expect(parsed.parts[1].text.replacing("\r\n", with: "\n").trimmingCharacters(in: .newlines) == message.html)
        #expect(parsed.parts[0].text.contains("Öffnen Sie dazu diesen Link"))
        #expect(parsed.parts[0].text.contains(token))
        #expect(parsed.headers["X-Firstkey-Idempotency-Key"] == message.idempotencyKey.rawValue)
        #expect(parsed.headers["Content-Language"] == "de")

        for line in logs.all {
            #expect(!line.contains(password) && !line.contains(token) && !line.contains(recipient), "\(line)")
        }
        #expect(logs.all.contains { $0.contains("message handed to the provider") && $0.contains("delivery.provider=smtp") })
    }

    @Test func implicitTLSWithLogin() async throws {
        guard let sink = try sink() else { return }
        let password = TestSecrets.canaryPassword()
        let channel = SMTPMailChannel(configuration: try configuration(
            sink, security: .implicitTLS, credentials: try SMTPCredentials(username: "relay-user", password: password, mechanism: .login)), logger: quietLogger)
        let recipient = SMTPSink.uniqueRecipient()
        let message = try pickupMail(to: recipient, token: canaryToken())
        let receipt = try await channel.send(message)
        let raw = try #require(try sink.messages(to: recipient).last)
        #expect(header("X-Sink-TLS", in: raw) == "yes")
        #expect(header("X-Sink-Auth-Mechanism", in: raw) == "LOGIN")
        #expect(header("X-Sink-Auth-Password-SHA256", in: raw) == SHA256.hash(data: Data(password.utf8)).map { String(format: "%02x", $0) }.joined())

        // The same message again: the same Message-ID, so a receiving system can drop the copy.
        let again = try await channel.send(message)
        #expect(again.providerMessageID == receipt.providerMessageID)
        #expect(try sink.messages(to: recipient).count == 2)
    }

    @Test func plainRelayOnLoopback() async throws {
        guard let sink = try sink() else { return }
        let channel = SMTPMailChannel(configuration: try configuration(sink, security: .none), logger: quietLogger)
        let recipient = SMTPSink.uniqueRecipient()
        _ = try await channel.send(try pickupMail(to: recipient, token: canaryToken()))
        let raw = try #require(try sink.messages(to: recipient).last)
        #expect(header("X-Sink-TLS", in: raw) == "no")
        #expect(header("X-Sink-Auth-Login", in: raw) == nil)
    }

    /// The certificate names `localhost` and 127.0.0.1. swift-nio-ssl accepts a certificate that
    /// names either the configured server name or the address connected to, so a wrong name
    /// cannot be shown failing against this certificate; an untrusted one can (below).
    @Test func serverNameOverride() async throws {
        guard let sink = try sink() else { return }
        let recipient = SMTPSink.uniqueRecipient()
        let named = SMTPMailChannel(configuration: try configuration(sink, serverName: "localhost"), logger: quietLogger)
        _ = try await named.send(try pickupMail(to: recipient, token: canaryToken()))
        #expect(try sink.messages(to: recipient).count == 1)
    }

    @Test(arguments: [SMTPSecurity.startTLS, .implicitTLS])
    func anUntrustedCertificateIsRefused(security: SMTPSecurity) async throws {
        guard let sink = try sink() else { return }
        let password = TestSecrets.canaryPassword()
        // The system trust store does not know the sink's CA.
        let channel = SMTPMailChannel(configuration: try configuration(
            sink, security: security, credentials: try SMTPCredentials(username: "u", password: password), caFile: .some(nil)), logger: quietLogger)
        let recipient = SMTPSink.uniqueRecipient()
        let error = try await #require(throws: DeliveryError.self) { try await channel.send(try pickupMail(to: recipient, token: canaryToken())) }
        #expect(error.code == .tlsFailed)
        #expect(!error.debugDescription.contains(password))
        #expect(try sink.messages(to: recipient).isEmpty)
    }

    @Test func transientAndPermanentReplies() async throws {
        guard let sink = try sink() else { return }
        let password = TestSecrets.canaryPassword()
        let logs = CapturedLogs()
        let channel = SMTPMailChannel(configuration: try configuration(sink, credentials: try SMTPCredentials(username: "u", password: password)), logger: logs.logger)
        let token = canaryToken()

        let later = try await #require(throws: DeliveryError.self) { try await channel.send(try pickupMail(to: "reject-temporary-1@example.org", token: token)) }
        #expect(later.code == .temporaryFailure && later.isTransient && !later.mayHaveBeenSent)
        #expect(later.providerCode == "451 4.3.0")

        let never = try await #require(throws: DeliveryError.self) { try await channel.send(try pickupMail(to: "reject-permanent-1@example.org", token: token)) }
        #expect(never.code == .invalidRecipient && !never.isTransient)
        #expect(never.providerCode == "550 5.1.1")
        #expect(never.description.contains("r•••@example.org"))

        let denied = SMTPMailChannel(configuration: try configuration(sink, credentials: try SMTPCredentials(username: "denied-user", password: password)), logger: logs.logger)
        let refused = try await #require(throws: DeliveryError.self) { try await denied.send(try pickupMail(to: SMTPSink.uniqueRecipient(), token: token)) }
        #expect(refused.code == .authenticationFailed && !refused.isTransient)
        #expect(refused.providerCode == "535 5.7.8")

        for text in [later, never, refused].flatMap({ [$0.description, $0.debugDescription] }) + logs.all {
            #expect(!text.contains(password) && !text.contains(token), "\(text)")
        }
    }

    @Test func nobodyListening() async throws {
        guard let sink = try sink() else { return }
        let channel = SMTPMailChannel(configuration: try configuration(sink, security: .none, port: 1), logger: quietLogger)
        let error = try await #require(throws: DeliveryError.self) { try await channel.send(try pickupMail(to: SMTPSink.uniqueRecipient(), token: canaryToken())) }
        #expect(error.code == .unreachable && error.isTransient && !error.mayHaveBeenSent)
    }

    @Test func dotStuffingEndToEnd() async throws {
        guard let sink = try sink() else { return }
        let client = SMTPClient(configuration: try configuration(sink), logger: quietLogger)
        let recipient = SMTPSink.uniqueRecipient()
        let raw = "From: <noreply@contoso.com>\r\nTo: <\(recipient)>\r\nSubject: dots\r\n\r\n.hidden line\r\n.\r\n..two\r\nlast\r\n"
        let result = try await client.send(Array(raw.utf8), from: "noreply@contoso.com", to: [recipient])
        #expect(result.reply.isPositiveCompletion)
        let saved = try #require(try sink.messages(to: recipient).last)
        #expect(saved.hasSuffix("\r\n\r\n.hidden line\r\n.\r\n..two\r\nlast\r\n") || saved.hasSuffix("\n\n.hidden line\n.\n..two\nlast\n"))
    }

    @Test func concurrentMessages() async throws {
        guard let sink = try sink() else { return }
        let channel = SMTPMailChannel(configuration: try configuration(sink), logger: quietLogger)
        let recipients = (0..<6).map { _ in SMTPSink.uniqueRecipient("many") }
        let token = canaryToken()
        let messages = try recipients.map { try pickupMail(to: $0, token: token) }
        try await withThrowingTaskGroup(of: DeliveryReceipt.self) { group in
            for message in messages { group.addTask { try await channel.send(message) } }
            for try await receipt in group { #expect(receipt.status == .accepted) }
        }
        for recipient in recipients { #expect(try sink.messages(to: recipient).count == 1) }
    }
}
