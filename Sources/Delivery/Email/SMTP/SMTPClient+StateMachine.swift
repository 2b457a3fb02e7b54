/// The SMTP dialogue for one message (RFC 5321, STARTTLS RFC 3207, AUTH RFC 4954 PLAIN and LOGIN)
/// as a pure state machine: each reply from the server goes in, the next thing to do comes out.
/// The channel handler only performs the actions, so every path is tested with scripted replies.
struct SMTPClientStateMachine {
    struct Session: Sendable {
        var heloName: String
        var security: SMTPSecurity
        var credentials: SMTPCredentials?
        var sender: String
        var recipients: [String]
        /// The message, already dot-stuffed and terminated (`SMTPCommand.dataTransfer`).
        var data: [UInt8]
    }

    /// Which timeout applies to the reply now awaited.
    enum Wait: Sendable, Hashable {
        case command
        /// The reply to the message's final `.`: may take minutes.
        case dataAcceptance
    }

    enum Action: Sendable, Hashable {
        case none
        case send(SMTPCommand, Wait)
        /// Put TLS in front, then send the command (it goes out once the handshake is done).
        case startTLS(then: SMTPCommand)
        /// The server took the message; send QUIT (best effort) and close.
        case succeed(SMTPDeliveryResult)
        /// Give up; `sendQuit` when the dialogue is still in order, else just close.
        case fail(DeliveryError, sendQuit: Bool)
        case close
    }

    enum State: Sendable, Hashable {
        case greeting
        case ehlo
        case helo
        case startTLS
        case authPlain
        case authLoginUsername
        case authLoginPassword
        case authLoginResult
        case mailFrom
        case recipient(Int)
        case dataGoAhead
        case dataAcceptance
        case quit
        case finished
    }

    private(set) var state: State = .greeting
    /// Whether the connection is (or, after STARTTLS's 220, is about to be) encrypted.
    private(set) var tlsActive: Bool
    private(set) var extensions = SMTPExtensions()
    private let session: Session

    init(session: Session) {
        self.session = session
        tlsActive = session.security == .implicitTLS
    }

    var isFinished: Bool { state == .finished }

    // MARK: Events

    mutating func replyReceived(_ reply: SMTPReply) -> Action {
        switch state {
        case .greeting:
            guard reply.code == 220 else { return fail(reply, "the server's greeting") }
            return ehlo()

        case .ehlo:
            if reply.isPositiveCompletion {
                extensions = SMTPExtensions(ehlo: reply)
                return afterHello()
            }
            // An old server without EHLO: HELO works only when neither STARTTLS nor AUTH is needed.
            if reply.isPermanentNegative, !needsStartTLS, session.credentials == nil {
                state = .helo
                return .send(.helo(session.heloName), .command)
            }
            return fail(reply, "EHLO")

        case .helo:
            guard reply.isPositiveCompletion else { return fail(reply, "HELO") }
            extensions = SMTPExtensions()
            return afterHello()

        case .startTLS:
            guard reply.code == 220 else { return fail(reply, "STARTTLS") }
            tlsActive = true
            extensions = SMTPExtensions()
            state = .ehlo
            return .startTLS(then: .ehlo(session.heloName))

        case .authPlain, .authLoginResult:
            guard reply.code == 235 else { return authenticationFailed(reply) }
            return mailFrom()

        case .authLoginUsername:
            guard reply.code == 334, let credentials = session.credentials else { return authenticationFailed(reply) }
            state = .authLoginPassword
            return .send(.authResponse(credentials.username), .command)

        case .authLoginPassword:
            guard reply.code == 334, let credentials = session.credentials else { return authenticationFailed(reply) }
            state = .authLoginResult
            return .send(.authResponse(credentials.password), .command)

        case .mailFrom:
            guard reply.isPositiveCompletion else {
                if reply.code == 530 {
                    return .fail(error(.authenticationFailed, reply, detail: "the server requires authentication: configure SMTP credentials"), sendQuit: true)
                }
                return fail(reply, "MAIL FROM")
            }
            return recipient(0)

        case .recipient(let index):
            guard reply.code == 250 || reply.code == 251 else {
                if reply.isPermanentNegative, reply.enhancedStatus?.hasPrefix("5.1.") == true || [550, 551, 553].contains(reply.code) {
                    return .fail(error(.invalidRecipient, reply, detail: "the server refused the recipient"), sendQuit: true)
                }
                return fail(reply, "RCPT TO")
            }
            return recipient(index + 1)

        case .dataGoAhead:
            guard reply.code == 354 else { return fail(reply, "DATA") }
            state = .dataAcceptance
            return .send(.messageData(session.data), .dataAcceptance)

        case .dataAcceptance:
            guard reply.isPositiveCompletion else { return fail(reply, "the message") }
            state = .quit
            return .succeed(SMTPDeliveryResult(reply: reply))

        case .quit:
            state = .finished
            return .close

        case .finished:
            return .none
        }
    }

    /// The connection closed (or failed) without an orderly end.
    mutating func connectionClosed() -> Action {
        switch state {
        case .quit, .finished:
            state = .finished
            return .none
        default:
            let sent = state == .dataAcceptance
            state = .finished
            return .fail(DeliveryError(.connectionLost, provider: .smtp, mayHaveBeenSent: sent, detail: "the server closed the connection"), sendQuit: false)
        }
    }

    /// The awaited reply did not come in time.
    mutating func timedOut() -> Action {
        switch state {
        case .quit, .finished:
            state = .finished
            return .close
        default:
            let sent = state == .dataAcceptance
            state = .finished
            return .fail(DeliveryError(.timedOut, provider: .smtp, mayHaveBeenSent: sent, detail: "the server did not answer in time"), sendQuit: false)
        }
    }

    /// A transport or TLS error, already classified.
    mutating func errorCaught(_ error: DeliveryError) -> Action {
        guard state != .finished, state != .quit else {
            state = .finished
            return .close
        }
        var error = error
        if state == .dataAcceptance { error.mayHaveBeenSent = true }
        state = .finished
        return .fail(error, sendQuit: false)
    }

    // MARK: Steps

    private var needsStartTLS: Bool { session.security == .startTLS && !tlsActive }

    private mutating func ehlo() -> Action {
        state = .ehlo
        return .send(.ehlo(session.heloName), .command)
    }

    private mutating func afterHello() -> Action {
        if needsStartTLS {
            guard extensions.startTLS else {
                state = .finished
                return .fail(DeliveryError(.tlsFailed, provider: .smtp, isTransient: false, detail: "the server does not offer STARTTLS, and Firstkey never sends mail unencrypted to it"), sendQuit: true)
            }
            state = .startTLS
            return .send(.startTLS, .command)
        }
        guard let credentials = session.credentials else { return mailFrom() }
        guard tlsActive else {
            state = .finished
            return .fail(DeliveryError(.invalidConfiguration, provider: .smtp, detail: "credentials are never sent without TLS"), sendQuit: true)
        }
        let offered = Set(extensions.authMechanisms)
        let mechanism: SMTPCredentials.Mechanism
        switch credentials.mechanism {
        case .automatic where offered.contains("PLAIN"): mechanism = .plain
        case .automatic where offered.contains("LOGIN"): mechanism = .login
        case .plain where offered.contains("PLAIN"): mechanism = .plain
        case .login where offered.contains("LOGIN"): mechanism = .login
        default:
            state = .finished
            let list = offered.isEmpty ? "none" : offered.sorted().joined(separator: ", ")
            return .fail(DeliveryError(
                .authenticationFailed, provider: .smtp,
                detail: "the server offers no AUTH mechanism Firstkey may use (\(credentials.mechanism == .automatic ? "PLAIN or LOGIN" : credentials.mechanism.rawValue); offered: \(list))"),
                sendQuit: true)
        }
        if mechanism == .plain {
            state = .authPlain
            return .send(.authPlain(user: credentials.username, password: credentials.password), .command)
        }
        state = .authLoginUsername
        return .send(.authLogin, .command)
    }

    private mutating func mailFrom() -> Action {
        let needsUTF8 = ([session.sender] + session.recipients).contains { !$0.unicodeScalars.allSatisfy(\.isASCII) }
        if needsUTF8, !extensions.smtpUTF8 {
            state = .finished
            return .fail(DeliveryError(.invalidRecipient, provider: .smtp, detail: "an address is not ASCII and the server does not offer SMTPUTF8"), sendQuit: true)
        }
        if extensions.maximumSize > 0, session.data.count > extensions.maximumSize {
            state = .finished
            return .fail(DeliveryError(.permanentFailure, provider: .smtp, detail: "the message (\(session.data.count) bytes) exceeds the server's limit of \(extensions.maximumSize) bytes"), sendQuit: true)
        }
        state = .mailFrom
        return .send(.mailFrom(session.sender, smtpUTF8: needsUTF8), .command)
    }

    private mutating func recipient(_ index: Int) -> Action {
        guard index < session.recipients.count else {
            state = .dataGoAhead
            return .send(.data, .command)
        }
        state = .recipient(index)
        return .send(.rcptTo(session.recipients[index]), .command)
    }

    // MARK: Failures

    private mutating func authenticationFailed(_ reply: SMTPReply) -> Action {
        if reply.isTransientNegative { return fail(reply, "AUTH") }
        state = .finished
        return .fail(error(.authenticationFailed, reply, detail: "the server refused the login"), sendQuit: true)
    }

    /// 4xx: try again later; 5xx: refused for good; anything else: not SMTP as expected.
    private mutating func fail(_ reply: SMTPReply, _ stage: String) -> Action {
        let code: DeliveryError.Code = reply.isTransientNegative ? .temporaryFailure : reply.isPermanentNegative ? .permanentFailure : .unexpectedResponse
        let action = Action.fail(error(code, reply, detail: "the server answered \(stage) with \(reply.code)"), sendQuit: true)
        state = .finished
        return action
    }

    private func error(_ code: DeliveryError.Code, _ reply: SMTPReply, detail: String) -> DeliveryError {
        DeliveryError(
            code, provider: .smtp, isTransient: reply.isTransientNegative ? true : (code == .unexpectedResponse ? true : false),
            providerCode: reply.codeText, providerMessage: DeliveryError.scrub(reply.text, removing: []), detail: detail)
    }
}
