import NIOCore
import NIOSSL

/// Feeds the server's bytes to `SMTPReplyParser` and its replies to `SMTPClientStateMachine`,
/// and performs the actions: writes commands, puts TLS in front for STARTTLS, keeps one timeout
/// per awaited reply, completes the promise, closes. Decides nothing itself.
final class SMTPChannelHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    struct Timeouts {
        var command: TimeAmount
        var dataAcceptance: TimeAmount
    }

    private var machine: SMTPClientStateMachine
    private var parser = SMTPReplyParser()
    private let promise: EventLoopPromise<SMTPDeliveryResult>
    private let startTLSContext: NIOSSLContext?
    private let serverHostname: String?
    private let timeouts: Timeouts
    private var timeout: Scheduled<Void>?

    init(machine: SMTPClientStateMachine, promise: EventLoopPromise<SMTPDeliveryResult>, startTLSContext: NIOSSLContext?, serverHostname: String?, timeouts: Timeouts) {
        self.machine = machine
        self.promise = promise
        self.startTLSContext = startTLSContext
        self.serverHostname = serverHostname
        self.timeouts = timeouts
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { armTimeout(context: context, .command) }
    }

    func channelActive(context: ChannelHandlerContext) {
        armTimeout(context: context, .command)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        let replies: [SMTPReply]
        do {
            replies = try parser.feed(Array(buffer.readableBytesView))
        } catch {
            perform(machine.errorCaught(error), context: context)
            return
        }
        for (index, reply) in replies.enumerated() {
            guard !machine.isFinished else { return }
            timeout?.cancel()
            let action = machine.replyReceived(reply)
            // Bytes after STARTTLS's 220 arrived in plain text and could be injected (CVE-2011-0411).
            if case .startTLS = action, index < replies.count - 1 || parser.hasBufferedBytes {
                perform(machine.errorCaught(DeliveryError(.tlsFailed, provider: .smtp, detail: "the server sent data before the TLS handshake; refusing it")), context: context)
                return
            }
            perform(action, context: context)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        perform(machine.errorCaught(Self.classify(error)), context: context)
    }

    func channelInactive(context: ChannelHandlerContext) {
        timeout?.cancel()
        perform(machine.connectionClosed(), context: context)
        // Whatever happened, nobody may wait forever.
        promise.fail(DeliveryError(.connectionLost, provider: .smtp, detail: "the connection closed"))
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timeout?.cancel()
        promise.fail(DeliveryError(.connectionLost, provider: .smtp, detail: "the connection closed"))
    }

    private func perform(_ action: SMTPClientStateMachine.Action, context: ChannelHandlerContext) {
        switch action {
        case .none:
            break
        case .send(let command, let wait):
            write(command, context: context)
            armTimeout(context: context, wait)
        case .startTLS(let command):
            guard let startTLSContext else {
                perform(machine.errorCaught(DeliveryError(.invalidConfiguration, provider: .smtp, detail: "no TLS context for STARTTLS")), context: context)
                return
            }
            do {
                let tls = try NIOSSLClientHandler(context: startTLSContext, serverHostname: serverHostname)
                try context.pipeline.syncOperations.addHandler(tls, position: .first)
            } catch {
                perform(machine.errorCaught(Self.classify(error)), context: context)
                return
            }
            // Buffered by the TLS handler until the handshake is done; a failed handshake arrives as errorCaught.
            write(command, context: context)
            armTimeout(context: context, .command)
        case .succeed(let result):
            promise.succeed(result)
            write(.quit, context: context)
            armTimeout(context: context, .command)
        case .fail(let error, let sendQuit):
            timeout?.cancel()
            promise.fail(error)
            if sendQuit, context.channel.isActive {
                let written = context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(bytes: SMTPCommand.quit.encoded)))
                let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
                written.whenComplete { _ in bound.value.close(promise: nil) }
            } else {
                context.close(promise: nil)
            }
        case .close:
            timeout?.cancel()
            context.close(promise: nil)
        }
    }

    private func write(_ command: SMTPCommand, context: ChannelHandlerContext) {
        context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(bytes: command.encoded)), promise: nil)
    }

    private func armTimeout(context: ChannelHandlerContext, _ wait: SMTPClientStateMachine.Wait) {
        timeout?.cancel()
        let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
        let boundContext = NIOLoopBound(context, eventLoop: context.eventLoop)
        timeout = context.eventLoop.scheduleTask(in: wait == .command ? timeouts.command : timeouts.dataAcceptance) {
            let handler = handler.value
            handler.perform(handler.machine.timedOut(), context: boundContext.value)
        }
    }

    static func classify(_ error: any Error) -> DeliveryError {
        if let deliveryError = error as? DeliveryError { return deliveryError }
        let text = String(reflecting: error)
        if error is NIOSSLError || error is BoringSSLError {
            return DeliveryError(.tlsFailed, provider: .smtp, detail: "the TLS handshake failed (is the CA configured, and the certificate issued for this host?)", underlying: text)
        }
        return DeliveryError(.connectionLost, provider: .smtp, detail: "the connection failed", underlying: text)
    }
}
