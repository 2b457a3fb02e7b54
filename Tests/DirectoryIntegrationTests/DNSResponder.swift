import NIOCore
import NIOPosix

/// A tiny authoritative DNS responder on loopback UDP that answers SRV queries from a table, so
/// DC discovery runs through the real system resolver library without any network.
final class DNSResponder: Sendable {
    struct SRV: Sendable { var priority: UInt16; var weight: UInt16; var port: UInt16; var target: String }

    let port: Int
    private let channel: any Channel

    init(records: [String: [SRV]]) async throws {
        channel = try await DatagramBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(Handler(records: records)) }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        port = channel.localAddress?.port ?? 0
    }

    func stop() async { try? await channel.close() }

    private final class Handler: ChannelInboundHandler, Sendable {
        typealias InboundIn = AddressedEnvelope<ByteBuffer>
        typealias OutboundOut = AddressedEnvelope<ByteBuffer>
        let records: [String: [SRV]]
        init(records: [String: [SRV]]) { self.records = records }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let envelope = unwrapInboundIn(data)
            let query = Array(envelope.data.readableBytesView)
            guard query.count > 12 else { return }
            var index = 12
            var labels: [String] = []
            while index < query.count, query[index] != 0 {
                let length = Int(query[index])
                guard index + 1 + length <= query.count else { return }
                labels.append(String(decoding: query[(index + 1)..<(index + 1 + length)], as: UTF8.self))
                index += 1 + length
            }
            let questionEnd = index + 5
            guard questionEnd <= query.count else { return }
            let answers = records[labels.joined(separator: ".").lowercased()] ?? []
            var response: [UInt8] = Array(query[0..<2]) + [0x84, answers.isEmpty ? 0x83 : 0x80, 0, 1]
            response += Self.u16(UInt16(answers.count)) + [0, 0, 0, 0]
            response += query[12..<questionEnd]
            for answer in answers {
                var target: [UInt8] = []
                for label in answer.target.split(separator: ".") { target += [UInt8(label.utf8.count)] + Array(label.utf8) }
                target.append(0)
                let rdata = Self.u16(answer.priority) + Self.u16(answer.weight) + Self.u16(answer.port) + target
                response += [0xC0, 0x0C, 0x00, 0x21, 0x00, 0x01, 0, 0, 0, 60] + Self.u16(UInt16(rdata.count)) + rdata
            }
            context.writeAndFlush(wrapOutboundOut(AddressedEnvelope(remoteAddress: envelope.remoteAddress, data: ByteBuffer(bytes: response))), promise: nil)
        }

        static func u16(_ value: UInt16) -> [UInt8] { [UInt8(value >> 8), UInt8(value & 0xFF)] }
    }
}
