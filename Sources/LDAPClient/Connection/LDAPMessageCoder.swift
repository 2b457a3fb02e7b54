import LDAP
import NIOCore

/// Splits the byte stream into LDAPMessages. A malformed or oversized PDU is an error that closes
/// the connection: after a framing error nothing later on the stream can be trusted.
struct LDAPMessageDecoder: ByteToMessageDecoder {
    typealias InboundOut = LDAPMessage

    let maximumMessageSize: Int

    init(maximumMessageSize: Int = LDAPFraming.defaultMaximumMessageSize) {
        self.maximumMessageSize = maximumMessageSize
    }

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let length = try LDAPFraming.messageLength(in: buffer.readableBytesView, maximumMessageSize: maximumMessageSize),
              buffer.readableBytes >= length,
              let bytes = buffer.readBytes(length: length) else {
            return .needMoreData
        }
        context.fireChannelRead(Self.wrapInboundOut(try LDAPMessage(decoding: bytes)))
        return .continue
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        while try decode(context: context, buffer: &buffer) == .continue {}
        if buffer.readableBytes > 0 {
            throw LDAPDecodingError(.malformed, "the connection closed in the middle of a message (\(buffer.readableBytes) bytes)")
        }
        return .needMoreData
    }
}

struct LDAPMessageEncoder: MessageToByteEncoder {
    typealias OutboundIn = LDAPMessage

    func encode(data: LDAPMessage, out: inout ByteBuffer) throws {
        out.writeBytes(data.encode())
    }
}
