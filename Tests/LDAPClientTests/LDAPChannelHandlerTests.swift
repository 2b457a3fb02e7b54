import LDAP
import NIOCore
import NIOEmbedded
import Testing
@testable import LDAPClient

/// The handler and codec on an EmbeddedChannel: no sockets, full control over what the "server" sends.
@Suite struct LDAPChannelHandlerTests {
    final class Harness {
        let channel = EmbeddedChannel()
        var loop: EmbeddedEventLoop { channel.embeddedEventLoop }
        private var token: UInt64 = 0

        init() throws {
            try channel.pipeline.syncOperations.addHandlers([
                ByteToMessageHandler(LDAPMessageDecoder(maximumMessageSize: 4096)),
                MessageToByteHandler(LDAPMessageEncoder()),
                LDAPChannelHandler(serverDescription: "test:636"),
            ])
            try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 636)).wait()
        }

        func send(_ operation: LDAPOperation, timeout: TimeAmount? = nil) -> (EventLoopFuture<LDAPResponse>, UInt64) {
            token += 1
            let promise = loop.makePromise(of: LDAPResponse.self)
            let expectation: LDAPRequestTable.Expectation = if case .searchRequest = operation { .searchResults } else { .singleResponse }
            channel.writeAndFlush(LDAPOutboundRequest(operation: operation, controls: [], expectation: expectation, timeout: timeout, token: token, promise: promise), promise: nil)
            return (promise.futureResult, token)
        }

        func sentMessage() throws -> LDAPMessage? {
            guard var buffer = try channel.readOutbound(as: ByteBuffer.self) else { return nil }
            return try LDAPMessage(decoding: buffer.readBytes(length: buffer.readableBytes)!)
        }

        func serverSends(_ message: LDAPMessage) throws {
            try channel.writeInbound(ByteBuffer(bytes: message.encode()))
        }

        func serverSends(bytes: [UInt8]) throws {
            try channel.writeInbound(ByteBuffer(bytes: bytes))
        }
    }

    /// EmbeddedEventLoop runs callbacks inline, so a fulfilled future reports at once.
    static func result<T>(_ future: EventLoopFuture<T>) -> Result<T, any Error>? {
        let box = OutcomeBox<T>()
        future.whenComplete { box.outcome = $0 }
        return box.outcome
    }

    @Test func concurrentRequestsOnOneConnectionCompleteOutOfOrder() throws {
        let harness = try Harness()
        let (modify, _) = harness.send(.modifyRequest(ModifyRequest(dn: "CN=A", changes: [.replace("description", ["x"])])))
        let (search, _) = harness.send(.searchRequest(SearchRequest(baseDN: "DC=x")))
        let (delete, _) = harness.send(.deleteRequest(dn: "CN=B"))
        let ids = try (0..<3).map { _ in try #require(try harness.sentMessage()).messageID }
        #expect(Set(ids).count == 3)
        try harness.serverSends(LDAPMessage(messageID: ids[2], operation: .deleteResponse(LDAPResult(resultCode: .noSuchObject))))
        try harness.serverSends(LDAPMessage(messageID: ids[1], operation: .searchResultEntry(SearchResultEntry(dn: "CN=E", attributes: []))))
        try harness.serverSends(LDAPMessage(messageID: ids[0], operation: .modifyResponse(.success)))
        try harness.serverSends(LDAPMessage(messageID: ids[1], operation: .searchResultDone(.success)))
        #expect(try Self.result(delete)?.get().result.resultCode == .noSuchObject)
        #expect(try Self.result(modify)?.get().result.resultCode == .success)
        #expect(try Self.result(search)?.get().entries.map(\.dn) == ["CN=E"])
    }

    @Test func responsesSplitAcrossReadsAndBatchedInOneReadAreFramed() throws {
        let harness = try Harness()
        let (first, _) = harness.send(.modifyRequest(ModifyRequest(dn: "CN=A", changes: [])))
        let (second, _) = harness.send(.modifyRequest(ModifyRequest(dn: "CN=B", changes: [])))
        let a = try #require(try harness.sentMessage()).messageID, b = try #require(try harness.sentMessage()).messageID
        let bytes = LDAPMessage(messageID: a, operation: .modifyResponse(.success)).encode() + LDAPMessage(messageID: b, operation: .modifyResponse(.success)).encode()
        for byte in bytes { try harness.serverSends(bytes: [byte]) }
        #expect(try Self.result(first)?.get().result == .success)
        #expect(try Self.result(second)?.get().result == .success)
    }

    @Test func aTimedOutRequestFailsAndIsAbandonedOnTheWire() throws {
        let harness = try Harness()
        let (search, _) = harness.send(.searchRequest(SearchRequest(baseDN: "DC=x")), timeout: .seconds(2))
        let searchID = try #require(try harness.sentMessage()).messageID
        harness.loop.advanceTime(by: .seconds(3))
        guard case .failure(let error as LDAPError) = Self.result(search) else { Issue.record("search did not fail"); return }
        #expect(error.code == .timeout)
        #expect(try harness.sentMessage()?.operation == .abandonRequest(messageID: searchID))
        // A late answer is ignored, and the connection stays usable.
        try harness.serverSends(LDAPMessage(messageID: searchID, operation: .searchResultDone(.success)))
        #expect(harness.channel.isActive)
    }

    @Test func cancellationAbandonsTheRequest() throws {
        let harness = try Harness()
        let (search, token) = harness.send(.searchRequest(SearchRequest(baseDN: "DC=x")))
        let searchID = try #require(try harness.sentMessage()).messageID
        harness.channel.pipeline.triggerUserOutboundEvent(LDAPAbandonEvent(token: token), promise: nil)
        #expect(throws: LDAPError.self) { try Self.result(search)?.get() }
        #expect(try harness.sentMessage()?.operation == .abandonRequest(messageID: searchID))
    }

    @Test func anUnexpectedMessageIDClosesTheConnectionAndFailsEveryRequest() throws {
        let harness = try Harness()
        let (pending, _) = harness.send(.modifyRequest(ModifyRequest(dn: "CN=A", changes: [])))
        _ = try harness.sentMessage()
        try harness.serverSends(LDAPMessage(messageID: 4242, operation: .modifyResponse(.success)))
        guard case .failure(let error as LDAPError) = Self.result(pending) else { Issue.record("request did not fail"); return }
        #expect(error.code == .protocolViolation)
        #expect(!harness.channel.isActive)
        // Later requests fail at once instead of hanging.
        let (later, _) = harness.send(.deleteRequest(dn: "CN=B"))
        #expect(throws: LDAPError.self) { try Self.result(later)?.get() }
    }

    @Test(arguments: [
        [UInt8]([0x04, 0x00]),                                   // not a SEQUENCE
        [0x30, 0x84, 0x7F, 0xFF, 0xFF, 0xFF],                    // absurd length, above the cap
        [0x30, 0x80, 0x00, 0x00],                                // indefinite length
        [0x30, 0x03, 0x02, 0x01, 0x01],                          // no protocolOp
        [0x30, 0x06, 0x02, 0x01, 0x01, 0x7F, 0x7F, 0x00],        // garbage identifier
    ])
    func malformedPDUsCloseTheConnectionCleanly(_ bytes: [UInt8]) throws {
        let harness = try Harness()
        let (pending, _) = harness.send(.modifyRequest(ModifyRequest(dn: "CN=A", changes: [])))
        _ = try harness.sentMessage()
        do { try harness.serverSends(bytes: bytes) } catch {}
        guard case .failure(let error as LDAPError) = Self.result(pending) else { Issue.record("request did not fail"); return }
        #expect([.decodingFailed, .protocolViolation].contains(error.code))
        #expect(!harness.channel.isActive)
    }

    @Test func noticeOfDisconnectionFailsPendingRequests() throws {
        let harness = try Harness()
        let (pending, _) = harness.send(.modifyRequest(ModifyRequest(dn: "CN=A", changes: [])))
        _ = try harness.sentMessage()
        try harness.serverSends(LDAPMessage(messageID: 0, operation: .extendedResponse(ExtendedResponse(result: LDAPResult(resultCode: .unavailable), name: ExtendedResponse.noticeOfDisconnectionOID))))
        guard case .failure(let error as LDAPError) = Self.result(pending) else { Issue.record("request did not fail"); return }
        #expect(error.code == .disconnectNotice)
    }

    @Test func theConnectionClosingFailsPendingRequests() throws {
        let harness = try Harness()
        let (pending, _) = harness.send(.modifyRequest(ModifyRequest(dn: "CN=A", changes: [])))
        _ = try harness.sentMessage()
        try harness.channel.close().wait()
        guard case .failure(let error as LDAPError) = Self.result(pending) else { Issue.record("request did not fail"); return }
        #expect(error.code == .connectionClosed)
    }
}

final class OutcomeBox<T>: @unchecked Sendable {
    var outcome: Result<T, any Error>?
}
