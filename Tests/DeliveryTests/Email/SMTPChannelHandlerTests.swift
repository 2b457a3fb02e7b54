import NIOCore
import NIOEmbedded
import Synchronization
import Testing
@testable import Delivery

/// The handler on an EmbeddedChannel: bytes in, commands out, no network.
@Suite struct SMTPChannelHandlerTests {
    static let data = SMTPCommand.dataTransfer(Array("Subject: x\r\n\r\n.hidden\r\n".utf8))

    private func setUp(_ security: SMTPSecurity = .none) throws -> (EmbeddedChannel, EventLoopFuture<SMTPDeliveryResult>) {
        let channel = EmbeddedChannel()
        let promise = channel.eventLoop.makePromise(of: SMTPDeliveryResult.self)
        let machine = SMTPClientStateMachine(session: .init(
            heloName: "contoso.com", security: security, credentials: nil, sender: "noreply@contoso.com", recipients: ["kathy@example.org"], data: Self.data))
        let handler = SMTPChannelHandler(machine: machine, promise: promise, startTLSContext: security == .startTLS ? try SMTPClient.makeTLSContext(SMTPTLSConfiguration()) : nil, serverHostname: "localhost",
                                         timeouts: .init(command: .seconds(30), dataAcceptance: .seconds(300)))
        try channel.pipeline.syncOperations.addHandler(handler)
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 25)).wait()
        return (channel, promise.futureResult)
    }

    private func send(_ channel: EmbeddedChannel, _ text: String) throws {
        try channel.writeInbound(channel.allocator.buffer(string: text))
    }

    private func written(_ channel: EmbeddedChannel) throws -> String {
        var text = ""
        while let buffer = try channel.readOutbound(as: ByteBuffer.self) { text += String(buffer: buffer) }
        return text
    }

    private func result(_ future: EventLoopFuture<SMTPDeliveryResult>) -> Result<SMTPDeliveryResult, any Error>? {
        let outcome = Mutex<Result<SMTPDeliveryResult, any Error>?>(nil)
        future.whenComplete { result in outcome.withLock { $0 = result } }
        return outcome.withLock { $0 }
    }

    @Test func wholeDialogue() throws {
        let (channel, future) = try setUp()
        try send(channel, "220 smtp.example ESMTP\r\n")
        #expect(try written(channel) == "EHLO contoso.com\r\n")
        try send(channel, "250-smtp.example\r\n250 8BITMIME\r\n")
        #expect(try written(channel) == "MAIL FROM:<noreply@contoso.com>\r\n")
        try send(channel, "250 OK\r\n")
        #expect(try written(channel) == "RCPT TO:<kathy@example.org>\r\n")
        try send(channel, "250 OK\r\n")
        #expect(try written(channel) == "DATA\r\n")
        try send(channel, "354 go ahead\r\n")
        #expect(try written(channel) == "Subject: x\r\n\r\n..hidden\r\n.\r\n")
        #expect(result(future) == nil)
        try send(channel, "250 2.0.0 queued as ABC\r\n")
        #expect(try written(channel) == "QUIT\r\n")
        let delivered = try #require(try result(future)?.get())
        #expect(delivered.reply.text == "2.0.0 queued as ABC")
        try send(channel, "221 bye\r\n")
        #expect(!channel.isActive)
    }

    @Test func aReplyTimeoutFailsAndCloses() throws {
        let (channel, future) = try setUp()
        try send(channel, "220 hi\r\n")
        _ = try written(channel)
        channel.embeddedEventLoop.advanceTime(by: .seconds(31))
        guard case .failure(let error as DeliveryError) = result(future) else { Issue.record("no timeout"); return }
        #expect(error.code == .timedOut && error.isTransient && !error.mayHaveBeenSent)
        #expect(!channel.isActive)
    }

    @Test func aPermanentReplySendsQuitAndFails() throws {
        let (channel, future) = try setUp()
        try send(channel, "554 5.7.1 go away\r\n")
        #expect(try written(channel) == "QUIT\r\n")
        guard case .failure(let error as DeliveryError) = result(future) else { Issue.record("no failure"); return }
        #expect(error.code == .permanentFailure && error.providerCode == "554 5.7.1")
    }

    @Test func garbageFails() throws {
        let (channel, future) = try setUp()
        try send(channel, "HTTP/1.1 400 Bad Request\r\n")
        guard case .failure(let error as DeliveryError) = result(future) else { Issue.record("no failure"); return }
        #expect(error.code == .unexpectedResponse)
    }

    @Test func closedConnectionFails() throws {
        let (channel, future) = try setUp()
        try send(channel, "220 hi\r\n")
        channel.pipeline.fireChannelInactive()
        guard case .failure(let error as DeliveryError) = result(future) else { Issue.record("no failure"); return }
        #expect(error.code == .connectionLost)
    }

    @Test func plaintextAfterStartTLSIsRefused() throws {
        let (channel, future) = try setUp(.startTLS)
        try send(channel, "220 hi\r\n")
        _ = try written(channel)
        try send(channel, "250-x\r\n250 STARTTLS\r\n")
        #expect(try written(channel) == "STARTTLS\r\n")
        // A man in the middle appends a reply to the 220: it must not survive into the TLS session.
        try send(channel, "220 ready\r\n250-x\r\n250 AUTH PLAIN\r\n")
        guard case .failure(let error as DeliveryError) = result(future) else { Issue.record("no failure"); return }
        #expect(error.code == .tlsFailed)
        #expect(error.description.contains("before the TLS handshake"))
    }

    @Test func startTLSPutsTLSInFront() throws {
        let (channel, _) = try setUp(.startTLS)
        try send(channel, "220 hi\r\n")
        _ = try written(channel)
        try send(channel, "250-x\r\n250 STARTTLS\r\n")
        _ = try written(channel)
        try send(channel, "220 ready\r\n")
        // The TLS handler is first and holds EHLO until the handshake; what leaves is a ClientHello.
        let hello = try #require(try channel.readOutbound(as: ByteBuffer.self))
        #expect(hello.getInteger(at: hello.readerIndex, as: UInt8.self) == 0x16, "a TLS handshake record")
    }
}
