import LDAP
import NIOCore
import NIOPosix
import Synchronization
@testable import LDAPClient

/// A tiny plain-LDAP server on loopback for the pool's deadline tests: it answers binds, searches
/// and modifies with success — until it is frozen. A frozen server still accepts connections (the
/// kernel does that for a paused DC too) and reads requests, but answers none, until it thaws.
/// With `readsNothing` it never even reads: a DC stuck before the TLS handshake.
final class FreezableDirectoryServer: Sendable {
    let port: Int
    let server: LDAPServer
    private let channel: any Channel
    private let state: State

    final class State: Sendable {
        let frozen = Atomic<Bool>(false)
        let requests = Atomic<Int>(0)
    }

    init(readsNothing: Bool = false) async throws {
        let state = State()
        self.state = state
        var bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
        if readsNothing {
            bootstrap = bootstrap.childChannelOption(ChannelOptions.autoRead, value: false)
        }
        channel = try await bootstrap
            .childChannelInitializer { child in
                child.eventLoop.makeCompletedFuture {
                    guard !readsNothing else { return }
                    let sync = child.pipeline.syncOperations
                    try sync.addHandler(ByteToMessageHandler(LDAPMessageDecoder()))
                    try sync.addHandler(MessageToByteHandler(LDAPMessageEncoder()))
                    try sync.addHandler(Responder(state: state))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        port = channel.localAddress?.port ?? 0
        server = LDAPServer(host: "127.0.0.1", port: port, security: .plain)
    }

    func freeze() { state.frozen.store(true, ordering: .sequentiallyConsistent) }
    func thaw() { state.frozen.store(false, ordering: .sequentiallyConsistent) }
    /// Requests answered so far.
    var answered: Int { state.requests.load(ordering: .sequentiallyConsistent) }

    func stop() async { try? await channel.close() }

    private final class Responder: ChannelInboundHandler {
        typealias InboundIn = LDAPMessage
        typealias OutboundOut = LDAPMessage
        let state: State

        init(state: State) { self.state = state }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let request = unwrapInboundIn(data)
            guard !state.frozen.load(ordering: .sequentiallyConsistent) else { return }
            let answers: [LDAPOperation]
            switch request.operation {
            case .bindRequest: answers = [.bindResponse(BindResponse(result: .success))]
            case .searchRequest(let search):
                answers = [.searchResultEntry(SearchResultEntry(dn: search.baseDN, attributes: [LDAPAttribute(name: "cn", strings: ["fake"])])),
                           .searchResultDone(.success)]
            case .modifyRequest: answers = [.modifyResponse(.success)]
            default: answers = []
            }
            guard !answers.isEmpty else { return }
            state.requests.add(1, ordering: .sequentiallyConsistent)
            for answer in answers {
                context.write(wrapOutboundOut(LDAPMessage(messageID: request.messageID, operation: answer)), promise: nil)
            }
            context.flush()
        }
    }
}
