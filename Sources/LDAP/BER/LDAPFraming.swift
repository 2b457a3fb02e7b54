/// Finds where one LDAPMessage ends in a byte stream (RFC 4511 §5.1: definite lengths only).
public enum LDAPFraming {
    /// Default cap on one PDU: large enough for any directory entry Firstkey reads, small enough
    /// that a hostile length cannot make the client buffer gigabytes.
    public static let defaultMaximumMessageSize = 16 * 1024 * 1024

    /// The total length of the first PDU in `bytes`, or nil while its header is still incomplete.
    /// Throws for bytes that can never start a valid PDU, so the caller can drop the connection.
    public static func messageLength<Bytes: RandomAccessCollection>(
        in bytes: Bytes,
        maximumMessageSize: Int = defaultMaximumMessageSize
    ) throws -> Int? where Bytes.Element == UInt8 {
        guard let tag = bytes.first else { return nil }
        guard tag == 0x30 else {
            throw LDAPDecodingError(.malformed, "a message must start with a SEQUENCE tag (0x30), found 0x\(String(tag, radix: 16))")
        }
        guard bytes.count >= 2 else { return nil }
        let lengthByte = bytes[bytes.index(bytes.startIndex, offsetBy: 1)]
        let headerLength: Int
        let contentLength: Int
        if lengthByte & 0x80 == 0 {
            headerLength = 2
            contentLength = Int(lengthByte)
        } else {
            let lengthOctets = Int(lengthByte & 0x7F)
            guard lengthOctets != 0 else {
                throw LDAPDecodingError(.malformed, "indefinite lengths are not allowed in LDAP")
            }
            guard lengthOctets <= 8 else {
                throw LDAPDecodingError(.malformed, "a length field of \(lengthOctets) octets")
            }
            headerLength = 2 + lengthOctets
            guard bytes.count >= headerLength else { return nil }
            var length: UInt64 = 0
            for byte in bytes.dropFirst(2).prefix(lengthOctets) {
                length = (length << 8) | UInt64(byte)
            }
            guard length <= UInt64(maximumMessageSize) else {
                throw LDAPDecodingError(.messageTooLarge, "a message announces \(length) bytes; the limit is \(maximumMessageSize)")
            }
            contentLength = Int(length)
        }
        let total = headerLength + contentLength
        guard total <= maximumMessageSize + headerLength else {
            throw LDAPDecodingError(.messageTooLarge, "a message announces \(contentLength) bytes; the limit is \(maximumMessageSize)")
        }
        return total
    }
}
