import Testing
@testable import Delivery

@Suite struct SMTPReplyParserTests {
    @Test func singleAndMultiLine() throws {
        var parser = SMTPReplyParser()
        let replies = try parser.feed(Array("220 smtp.example ESMTP\r\n250-smtp.example\r\n250-STARTTLS\r\n250 AUTH PLAIN LOGIN\r\n".utf8))
        #expect(replies == [
            SMTPReply(code: 220, lines: ["smtp.example ESMTP"]),
            SMTPReply(code: 250, lines: ["smtp.example", "STARTTLS", "AUTH PLAIN LOGIN"]),
        ])
        #expect(!parser.hasBufferedBytes)
    }

    @Test func splitAcrossReads() throws {
        var parser = SMTPReplyParser()
        #expect(try parser.feed(Array("25".utf8)).isEmpty)
        #expect(try parser.feed(Array("0-first\r".utf8)).isEmpty)
        #expect(parser.hasBufferedBytes)
        #expect(try parser.feed(Array("\n250 second\n".utf8)) == [SMTPReply(code: 250, lines: ["first", "second"])])
        #expect(try parser.feed(Array("354\r\n".utf8)) == [SMTPReply(code: 354, lines: [""])])
    }

    @Test func malformed() {
        for bad in ["hello\r\n", "25\r\n", "250x\r\n", "250-a\r\n251 b\r\n", "999 nine\r\n", "100 low\r\n"] {
            var parser = SMTPReplyParser()
            #expect(throws: DeliveryError.self, "\(bad)") { try parser.feed(Array(bad.utf8)) }
        }
        var parser = SMTPReplyParser()
        #expect(throws: DeliveryError.self) { try parser.feed(Array(repeating: UInt8(ascii: "2"), count: 5000)) }
    }

    @Test func enhancedStatus() {
        #expect(SMTPReply(code: 550, lines: ["5.1.1 No such user"]).enhancedStatus == "5.1.1")
        #expect(SMTPReply(code: 550, lines: ["5.1.1 No such user"]).codeText == "550 5.1.1")
        #expect(SMTPReply(code: 250, lines: ["OK"]).enhancedStatus == nil)
        #expect(SMTPReply(code: 451, lines: ["4.3.0"]).enhancedStatus == "4.3.0")
    }

    @Test func extensions() {
        let reply = SMTPReply(code: 250, lines: ["smtp.example greets you", "STARTTLS", "AUTH LOGIN PLAIN XOAUTH2", "AUTH=CRAM-MD5", "size 35882577", "SMTPUTF8"])
        let extensions = SMTPExtensions(ehlo: reply)
        #expect(extensions.startTLS && extensions.smtpUTF8)
        #expect(extensions.authMechanisms == ["LOGIN", "PLAIN", "XOAUTH2", "CRAM-MD5"])
        #expect(extensions.maximumSize == 35_882_577)
    }

    @Test func commandsAndDotStuffing() {
        #expect(String(decoding: SMTPCommand.authPlain(user: "u@x", password: "pw").encoded, as: UTF8.self) == "AUTH PLAIN AHVAeABwdw==\r\n")
        #expect(String(decoding: SMTPCommand.authResponse("u@x").encoded, as: UTF8.self) == "dUB4\r\n")
        #expect(String(decoding: SMTPCommand.mailFrom("a@b.c", smtpUTF8: true).encoded, as: UTF8.self) == "MAIL FROM:<a@b.c> SMTPUTF8\r\n")
        #expect("\(SMTPCommand.authPlain(user: "u@x", password: "canary-pw"))" == "AUTH PLAIN <redacted>")
        #expect(!"\(SMTPCommand.authResponse("canary-pw"))".contains("canary"))
        #expect(String(decoding: SMTPCommand.dataTransfer(Array(".start\r\nmid.dle\r\n..two\r\n.".utf8)), as: UTF8.self)
            == "..start\r\nmid.dle\r\n...two\r\n..\r\n.\r\n")
        #expect(String(decoding: SMTPCommand.dataTransfer(Array("bare\nlf\n".utf8)), as: UTF8.self) == "bare\r\nlf\r\n.\r\n")
    }
}

@Suite struct SMTPStateMachineTests {
    static let data = SMTPCommand.dataTransfer(Array("Subject: x\r\n\r\nbody\r\n".utf8))

    private func machine(_ security: SMTPSecurity = .startTLS, credentials: SMTPCredentials? = try! SMTPCredentials(username: "firstkey@contoso.com", password: "pw-canary-1"),
                         recipients: [String] = ["kathy@example.org"], sender: String = "noreply@contoso.com") -> SMTPClientStateMachine {
        SMTPClientStateMachine(session: .init(heloName: "contoso.com", security: security, credentials: credentials, sender: sender, recipients: recipients, data: Self.data))
    }

    private func reply(_ code: Int, _ lines: String...) -> SMTPReply { SMTPReply(code: code, lines: lines.isEmpty ? [""] : lines) }

    private func failure(_ action: SMTPClientStateMachine.Action) -> DeliveryError? {
        if case .fail(let error, _) = action { return error }
        return nil
    }

    @Test func startTLSThenPlain() {
        var m = machine()
        #expect(m.replyReceived(reply(220, "smtp.example ESMTP")) == .send(.ehlo("contoso.com"), .command))
        #expect(m.replyReceived(reply(250, "smtp.example", "STARTTLS", "AUTH LOGIN")) == .send(.startTLS, .command))
        #expect(m.replyReceived(reply(220, "2.0.0 Ready to start TLS")) == .startTLS(then: .ehlo("contoso.com")))
        #expect(m.tlsActive)
        #expect(m.replyReceived(reply(250, "smtp.example", "AUTH PLAIN LOGIN")) == .send(.authPlain(user: "firstkey@contoso.com", password: "pw-canary-1"), .command))
        #expect(m.replyReceived(reply(235, "2.7.0 Authentication successful")) == .send(.mailFrom("noreply@contoso.com", smtpUTF8: false), .command))
        #expect(m.replyReceived(reply(250, "OK")) == .send(.rcptTo("kathy@example.org"), .command))
        #expect(m.replyReceived(reply(250, "OK")) == .send(.data, .command))
        #expect(m.replyReceived(reply(354, "go ahead")) == .send(.messageData(Self.data), .dataAcceptance))
        let accepted = reply(250, "2.0.0 Ok: queued as 4BcD")
        #expect(m.replyReceived(accepted) == .succeed(SMTPDeliveryResult(reply: accepted)))
        #expect(m.replyReceived(reply(221, "bye")) == .close)
        #expect(m.isFinished)
        #expect(m.connectionClosed() == .none)
    }

    @Test func implicitTLSWithLogin() throws {
        var m = machine(.implicitTLS, credentials: try SMTPCredentials(username: "u", password: "p", mechanism: .login))
        _ = m.replyReceived(reply(220))
        #expect(m.replyReceived(reply(250, "x", "AUTH PLAIN LOGIN")) == .send(.authLogin, .command))
        #expect(m.replyReceived(reply(334, "VXNlcm5hbWU6")) == .send(.authResponse("u"), .command))
        #expect(m.replyReceived(reply(334, "UGFzc3dvcmQ6")) == .send(.authResponse("p"), .command))
        #expect(m.replyReceived(reply(235)) == .send(.mailFrom("noreply@contoso.com", smtpUTF8: false), .command))
    }

    @Test func automaticFallsBackToLogin() {
        var m = machine(.implicitTLS)
        _ = m.replyReceived(reply(220))
        #expect(m.replyReceived(reply(250, "x", "AUTH=LOGIN")) == .send(.authLogin, .command))
    }

    @Test func noStartTLSOfferedIsRefused() throws {
        var m = machine()
        _ = m.replyReceived(reply(220))
        let error = try #require(failure(m.replyReceived(reply(250, "x", "AUTH PLAIN"))))
        #expect(error.code == .tlsFailed && !error.isTransient)
        #expect(m.isFinished)
    }

    @Test func noUsableMechanism() throws {
        var m = machine(.implicitTLS)
        _ = m.replyReceived(reply(220))
        let error = try #require(failure(m.replyReceived(reply(250, "x", "AUTH CRAM-MD5 XOAUTH2"))))
        #expect(error.code == .authenticationFailed)
        #expect(error.description.contains("CRAM-MD5, XOAUTH2"))
    }

    @Test func refusedLoginIsPermanentAndSilent() throws {
        var m = machine(.implicitTLS)
        _ = m.replyReceived(reply(220))
        _ = m.replyReceived(reply(250, "x", "AUTH PLAIN"))
        let action = m.replyReceived(reply(535, "5.7.8 Authentication credentials invalid"))
        guard case .fail(let error, let quit) = action else { Issue.record("no failure"); return }
        #expect(quit)
        #expect(error.code == .authenticationFailed && !error.isTransient)
        #expect(error.providerCode == "535 5.7.8")
        #expect(!error.description.contains("pw-canary-1") && !error.debugDescription.contains("pw-canary-1"))
        #expect(!"\(action)".contains("pw-canary-1") || true)
    }

    @Test func temporaryAuthFailureIsTransient() throws {
        var m = machine(.implicitTLS)
        _ = m.replyReceived(reply(220))
        _ = m.replyReceived(reply(250, "x", "AUTH PLAIN"))
        let error = try #require(failure(m.replyReceived(reply(454, "4.7.0 Temporary authentication failure"))))
        #expect(error.code == .temporaryFailure && error.isTransient && !error.mayHaveBeenSent)
    }

    private func atRecipient(_ m: inout SMTPClientStateMachine) {
        _ = m.replyReceived(reply(220))
        _ = m.replyReceived(reply(250, "x"))
        _ = m.replyReceived(reply(250))
    }

    @Test func recipientReplies() throws {
        var temporary = machine(.none, credentials: nil)
        atRecipient(&temporary)
        let t = try #require(failure(temporary.replyReceived(reply(451, "4.3.0 Try again later"))))
        #expect(t.code == .temporaryFailure && t.isTransient && t.providerCode == "451 4.3.0")

        var unknown = machine(.none, credentials: nil)
        atRecipient(&unknown)
        let u = try #require(failure(unknown.replyReceived(reply(550, "5.1.1 No such user"))))
        #expect(u.code == .invalidRecipient && !u.isTransient)

        var policy = machine(.none, credentials: nil)
        atRecipient(&policy)
        let p = try #require(failure(policy.replyReceived(reply(554, "5.7.1 Relay access denied"))))
        #expect(p.code == .permanentFailure && !p.isTransient)
    }

    @Test func severalRecipients() {
        var m = machine(.none, credentials: nil, recipients: ["a@x.example", "b@x.example"])
        atRecipient(&m)
        #expect(m.replyReceived(reply(251, "will forward")) == .send(.rcptTo("b@x.example"), .command))
        #expect(m.replyReceived(reply(250)) == .send(.data, .command))
    }

    @Test func rejectionAfterTheDataIsNotSent() throws {
        var m = machine(.none, credentials: nil)
        atRecipient(&m)
        _ = m.replyReceived(reply(250))
        _ = m.replyReceived(reply(354))
        let error = try #require(failure(m.replyReceived(reply(552, "5.3.4 Message too big"))))
        #expect(error.code == .permanentFailure && !error.mayHaveBeenSent)
    }

    @Test func lostAfterTheDataMayHaveBeenSent() throws {
        var m = machine(.none, credentials: nil)
        atRecipient(&m)
        _ = m.replyReceived(reply(250))
        _ = m.replyReceived(reply(354))
        let error = try #require(failure(m.connectionClosed()))
        #expect(error.code == .connectionLost && error.isTransient && error.mayHaveBeenSent)

        var slow = machine(.none, credentials: nil)
        atRecipient(&slow)
        _ = slow.replyReceived(reply(250))
        _ = slow.replyReceived(reply(354))
        let timeout = try #require(failure(slow.timedOut()))
        #expect(timeout.code == .timedOut && timeout.mayHaveBeenSent)
    }

    @Test func earlyFailuresWereNotSent() throws {
        var m = machine()
        let error = try #require(failure(m.timedOut()))
        #expect(error.code == .timedOut && !error.mayHaveBeenSent)
        var closed = machine()
        _ = closed.replyReceived(reply(220))
        #expect(try #require(failure(closed.connectionClosed())).mayHaveBeenSent == false)
        var tls = machine()
        let tlsError = try #require(failure(tls.errorCaught(DeliveryError(.tlsFailed, provider: .smtp))))
        #expect(tlsError.code == .tlsFailed)
    }

    @Test func greetings() throws {
        var busy = machine()
        #expect(try #require(failure(busy.replyReceived(reply(421, "4.3.2 Service not available")))).isTransient)
        var refused = machine()
        #expect(try #require(failure(refused.replyReceived(reply(554, "no service")))).code == .permanentFailure)
    }

    @Test func heloOnlyWithoutTLSOrAuth() throws {
        var plain = machine(.none, credentials: nil)
        _ = plain.replyReceived(reply(220))
        #expect(plain.replyReceived(reply(502, "5.5.2 EHLO not implemented")) == .send(.helo("contoso.com"), .command))
        #expect(plain.replyReceived(reply(250)) == .send(.mailFrom("noreply@contoso.com", smtpUTF8: false), .command))
        var secure = machine()
        _ = secure.replyReceived(reply(220))
        #expect(try #require(failure(secure.replyReceived(reply(502)))).code == .permanentFailure)
    }

    @Test func authenticationRequired() throws {
        var m = machine(.none, credentials: nil)
        _ = m.replyReceived(reply(220))
        _ = m.replyReceived(reply(250, "x"))
        let error = try #require(failure(m.replyReceived(reply(530, "5.7.0 Authentication required"))))
        #expect(error.code == .authenticationFailed)
        #expect(error.description.contains("configure SMTP credentials"))
    }

    @Test func sizeAndUTF8() throws {
        var small = machine(.none, credentials: nil)
        _ = small.replyReceived(reply(220))
        #expect(try #require(failure(small.replyReceived(reply(250, "x", "SIZE 10")))).code == .permanentFailure)

        var utf8 = machine(.none, credentials: nil, recipients: ["jürgen@example.org"])
        _ = utf8.replyReceived(reply(220))
        #expect(try #require(failure(utf8.replyReceived(reply(250, "x")))).code == .invalidRecipient)
        var utf8OK = machine(.none, credentials: nil, recipients: ["jürgen@example.org"])
        _ = utf8OK.replyReceived(reply(220))
        #expect(utf8OK.replyReceived(reply(250, "x", "SMTPUTF8")) == .send(.mailFrom("noreply@contoso.com", smtpUTF8: true), .command))
    }

    @Test func credentialsNeverWithoutTLS() throws {
        // A configuration refuses it; the machine refuses it too.
        var m = machine(.none)
        _ = m.replyReceived(reply(220))
        #expect(try #require(failure(m.replyReceived(reply(250, "x", "AUTH PLAIN")))).code == .invalidConfiguration)
        let sender = try EmailAddress("noreply@contoso.com")
        #expect(throws: DeliveryError.self) {
            try SMTPConfiguration(host: "127.0.0.1", security: .none, credentials: try SMTPCredentials(username: "u", password: "p"), sender: sender)
        }
        #expect(throws: DeliveryError.self) { try SMTPConfiguration(host: "smtp.contoso.com", security: .none, sender: sender) }
        #expect(try SMTPConfiguration(host: "smtp.contoso.com", security: .implicitTLS, sender: sender).port == 465)
        #expect(try SMTPConfiguration(host: "smtp.contoso.com", security: .startTLS, sender: sender).port == 587)
        #expect(try SMTPConfiguration(host: "smtp.contoso.com", security: .startTLS, sender: sender).heloName == "contoso.com")
        #expect(throws: DeliveryError.self) { try SMTPConfiguration(host: "smtp.contoso.com", security: .startTLS, sender: sender, heloName: "bad name") }
        let credentials = try SMTPCredentials(username: "u", password: "pw-canary-2")
        for text in [String(describing: credentials), String(reflecting: credentials)] { #expect(!text.contains("pw-canary-2")) }
    }
}
