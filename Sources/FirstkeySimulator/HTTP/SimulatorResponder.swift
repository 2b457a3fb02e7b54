import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// The single Hummingbird responder: reads the request, applies faults, routes, and logs the
/// path and status only (never query strings, bodies or headers, which carry tokens, secrets,
/// codes and passes).
struct SimulatorResponder: HTTPResponder {
    typealias Context = SimulatorRequestContext

    struct ConnectionDropped: Error {}

    let core: SimulatorCore
    let scheme: String

    func respond(to request: Request, context: Context) async throws -> Response {
        let method = request.method
        let path = request.uri.path
        let target = request.head.path ?? path
        // HTTP/1.1 clients send Host; without it, links point at the address this listener is bound to.
        let authority = request.head.authority ?? "\(Listener.urlHost(core.configuration.host)):\(context.channel.localAddress?.port ?? 0)"
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: context.maxUploadSize)
        } catch {
            core.logger.info("\(method) \(path) 413")
            return Response(status: .contentTooLarge, headers: [.contentLength: "0", .connection: "close"])
        }
        let simulatorRequest = SimulatorRequest(method: method, target: target, headers: request.headers, body: Array(buffer: body),
                                                baseURL: "\(scheme)://\(authority)", authority: request.head.authority)

        let actions = core.withState { $0.faults.decide(method: method.rawValue, path: path, now: Date().addingTimeInterval($0.clockOffset)) }
        var response: SimulatorResponse?
        for action in actions {
            switch action {
            case .delay(let seconds):
                try await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
            case .respond(let status, let retryAfter):
                response = FaultResponse.make(status: status, retryAfter: retryAfter, for: simulatorRequest, core: core)
            case .drop:
                core.logger.info("fault: connection dropped", metadata: ["method": "\(method)", "path": "\(path)"])
                try await context.channel.close()
                throw ConnectionDropped()
            }
        }
        let final: SimulatorResponse
        if let response {
            final = response
        } else {
            final = await SimulatorRouter.route(simulatorRequest, core: core)
        }
        core.logger.info("\(method) \(path) \(final.status.code)")
        var headers = final.headers
        headers[.contentLength] = String(final.body.count)
        return Response(status: final.status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: final.body)))
    }
}
