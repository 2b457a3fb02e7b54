import LDAP
import NIOCore

/// A request on its way to the channel handler.
struct LDAPOutboundRequest {
    var operation: LDAPOperation
    var controls: [LDAPControl]
    /// nil for operations without a response (abandon, unbind).
    var expectation: LDAPRequestTable.Expectation?
    var timeout: TimeAmount?
    var token: UInt64
    var promise: EventLoopPromise<LDAPResponse>?
}

/// Asks the handler to abandon the request with this token (task cancellation).
struct LDAPAbandonEvent {
    var token: UInt64
}

/// Asks the handler to give up the connection at once: every waiting request fails with `error`
/// now, not when a TLS close to a server that no longer answers has timed out.
struct LDAPAbortEvent {
    var error: LDAPError
}

/// Thin executor around `LDAPRequestTable`: writes requests, feeds responses to the table, and
/// runs its actions. All state lives on the channel's event loop.
final class LDAPChannelHandler: ChannelDuplexHandler {
    typealias InboundIn = LDAPMessage
    typealias OutboundIn = LDAPOutboundRequest
    typealias OutboundOut = LDAPMessage

    private struct Waiter {
        var promise: EventLoopPromise<LDAPResponse>
        var operation: String
        var token: UInt64
        var timeoutTask: Scheduled<Void>?
    }

    private var table = LDAPRequestTable()
    private var waiters: [Int32: Waiter] = [:]
    private var closedError: LDAPError?
    private let serverDescription: String

    init(serverDescription: String) {
        self.serverDescription = serverDescription
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = unwrapOutboundIn(data)
        if let closedError {
            var error = closedError
            error.operation = request.operation.name
            request.promise?.fail(error)
            promise?.fail(error)
            return
        }
        guard let expectation = request.expectation, let responsePromise = request.promise else {
            let id = table.allocateMessageID()
            context.write(wrapOutboundOut(LDAPMessage(messageID: id, operation: request.operation, controls: request.controls)), promise: promise)
            request.promise?.succeed(LDAPResponse(result: .success, operation: request.operation))
            return
        }
        let id = table.register(expectation)
        var waiter = Waiter(promise: responsePromise, operation: request.operation.name, token: request.token)
        if let timeout = request.timeout {
            let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
            let boundContext = NIOLoopBound(context, eventLoop: context.eventLoop)
            waiter.timeoutTask = context.eventLoop.scheduleTask(in: timeout) {
                handler.value.giveUp(messageID: id, context: boundContext.value, error: LDAPError(.timeout, operation: request.operation.name, server: handler.value.serverDescription, detail: "no answer within \(timeout.nanoseconds / 1_000_000) ms; the request was abandoned"))
            }
        }
        waiters[id] = waiter
        let writePromise = context.eventLoop.makePromise(of: Void.self)
        writePromise.futureResult.cascade(to: promise)
        let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
        writePromise.futureResult.whenFailure { error in
            handler.value.finish(messageID: id, with: .failure(LDAPError(.connectionClosed, operation: request.operation.name, server: handler.value.serverDescription, underlying: error)))
        }
        context.write(wrapOutboundOut(LDAPMessage(messageID: id, operation: request.operation, controls: request.controls)), promise: writePromise)
    }

    func triggerUserOutboundEvent(context: ChannelHandlerContext, event: Any, promise: EventLoopPromise<Void>?) {
        if let abort = event as? LDAPAbortEvent {
            failAll(abort.error, context: context)
            promise?.succeed(())
            return
        }
        guard let abandon = event as? LDAPAbandonEvent else {
            context.triggerUserOutboundEvent(event, promise: promise)
            return
        }
        if let (id, waiter) = waiters.first(where: { $0.value.token == abandon.token }) {
            giveUp(messageID: id, context: context, error: LDAPError(.connectionClosed, operation: waiter.operation, server: serverDescription, detail: "the request was cancelled and abandoned", underlying: CancellationError()))
        }
        promise?.succeed(())
    }

    /// Stops waiting for a request and tells the server with an AbandonRequest (RFC 4511 §4.11).
    private func giveUp(messageID: Int32, context: ChannelHandlerContext, error: LDAPError) {
        guard table.abandon(messageID) else { return }
        finish(messageID: messageID, with: .failure(error))
        guard closedError == nil else { return }
        let abandonID = table.allocateMessageID()
        context.writeAndFlush(wrapOutboundOut(LDAPMessage(messageID: abandonID, operation: .abandonRequest(messageID: messageID))), promise: nil)
    }

    private func finish(messageID: Int32, with result: Result<LDAPResponse, LDAPError>) {
        guard let waiter = waiters.removeValue(forKey: messageID) else { return }
        waiter.timeoutTask?.cancel()
        switch result {
        case .success(let response): waiter.promise.succeed(response)
        case .failure(let error): waiter.promise.fail(error)
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let message = unwrapInboundIn(data)
        switch table.received(message) {
        case .none:
            break
        case .complete(let id, let summary):
            finish(messageID: id, with: .success(summary.response))
        case .disconnect(let result):
            failAll(LDAPError(.disconnectNotice, result: result, server: serverDescription), context: context)
        case .protocolViolation(let reason):
            failAll(LDAPError(.protocolViolation, server: serverDescription, detail: reason), context: context)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        let ldapError: LDAPError
        if let decoding = error as? LDAPDecodingError {
            ldapError = LDAPError(.decodingFailed, server: serverDescription, detail: decoding.description, underlying: decoding)
        } else if let tls = LDAPError.tlsFailure(error, server: serverDescription) {
            ldapError = tls
        } else {
            ldapError = LDAPError(.connectionClosed, server: serverDescription, detail: "\(error)", underlying: error)
        }
        failAll(ldapError, context: context)
    }

    func channelInactive(context: ChannelHandlerContext) {
        failAll(LDAPError(.connectionClosed, server: serverDescription), context: nil)
        context.fireChannelInactive()
    }

    private func failAll(_ error: LDAPError, context: ChannelHandlerContext?) {
        if closedError == nil { closedError = error }
        for id in table.removeAll() {
            var specific = error
            specific.operation = waiters[id]?.operation
            finish(messageID: id, with: .failure(specific))
        }
        context?.close(promise: nil)
    }
}
