import NIOCore
import NIOPosix

/// A loopback TCP forwarder, so a test can reach a DC through an address its certificate does
/// not name, or cut the path under open connections.
final class TCPForwarder: Sendable {
    let listenPort: Int
    private let serverChannel: any Channel

    /// Listens on `listenHost` at a free port and forwards each connection to the target.
    init(listenHost: String, targetHost: String, targetPort: Int) async throws {
        let group = MultiThreadedEventLoopGroup.singleton
        serverChannel = try await ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { inbound in
                ClientBootstrap(group: inbound.eventLoop)
                    .connect(host: targetHost, port: targetPort)
                    .flatMap { outbound in
                        let (a, b) = ForwardingHandler.pair()
                        // The child starts reading only once this initializer's future completes.
                        return inbound.pipeline.addHandler(a).flatMap { outbound.pipeline.addHandler(b) }
                    }
            }
            .bind(host: listenHost, port: 0).get()
        listenPort = serverChannel.localAddress?.port ?? 0
    }

    func stop() async {
        try? await serverChannel.close()
    }
}

/// Copies bytes to its partner's channel; closes the partner when its own side closes.
private final class ForwardingHandler: ChannelDuplexHandler, @unchecked Sendable {
    typealias InboundIn = NIOAny
    typealias OutboundIn = NIOAny

    private var partner: ForwardingHandler?
    private var context: ChannelHandlerContext?

    static func pair() -> (ForwardingHandler, ForwardingHandler) {
        let a = ForwardingHandler(), b = ForwardingHandler()
        a.partner = b
        b.partner = a
        return (a, b)
    }

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }
    func handlerRemoved(context: ChannelHandlerContext) { self.context = nil; partner = nil }

    private func forward(_ data: NIOAny) {
        // Both channels of a pair share one event loop (see the bootstrap), so this runs on it.
        guard let context else { return }
        context.writeAndFlush(data, promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        partner?.forward(data)
    }

    func channelInactive(context: ChannelHandlerContext) {
        partner?.context?.close(promise: nil)
        context.fireChannelInactive()
    }
}
