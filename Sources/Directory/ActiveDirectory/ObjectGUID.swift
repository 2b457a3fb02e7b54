import LDAP

// An Active Directory `objectGUID`: 16 raw bytes that never change for the life of the object,
// which makes it the safest way to find a user again after a rename or a move.
//
// The canonical string form byte-swaps the first three fields (the order .NET's
// `Guid(byte[])` uses), so the raw bytes are not the hex digits of the string. Entra Connect's
// source anchor (`onPremisesImmutableId` in Graph) is the base64 of the raw bytes.

/// An object GUID such as `7a3b1c8e-5f1d-4b2a-9c6e-0d1e2f3a4b5c`.
public struct ObjectGUID: Sendable, Hashable, CustomStringConvertible {
    /// The 16 bytes exactly as the directory stores and returns them.
    public let bytes: [UInt8]

    /// Wraps the raw bytes of an `objectGUID` (or `mS-DS-ConsistencyGuid`) value.
    ///
    /// - Throws: ``ObjectGUIDError`` unless there are exactly 16 bytes.
    public init(bytes: [UInt8]) throws(ObjectGUIDError) {
        guard bytes.count == 16 else {
            throw ObjectGUIDError(code: .wrongLength, detail: "it has \(bytes.count) bytes instead of 16")
        }
        self.bytes = bytes
    }

    /// Parses the canonical string `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` (either case,
    /// optionally in braces), as printed by Windows tools and .NET.
    ///
    /// - Throws: ``ObjectGUIDError`` when the text is not in that form.
    public init(string: String) throws(ObjectGUIDError) {
        var text = Array(string.utf8)
        if text.first == UInt8(ascii: "{") && text.last == UInt8(ascii: "}") && text.count >= 2 {
            text = Array(text.dropFirst().dropLast())
        }
        guard text.count == 36 else {
            throw ObjectGUIDError(code: .malformedString, detail: "it is not of the form xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx")
        }
        var digits: [UInt8] = []
        digits.reserveCapacity(32)
        for (index, byte) in text.enumerated() {
            if index == 8 || index == 13 || index == 18 || index == 23 {
                guard byte == UInt8(ascii: "-") else {
                    throw ObjectGUIDError(code: .malformedString, detail: "it is not of the form xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx")
                }
                continue
            }
            guard let nibble = LDAPHex.value(ofDigit: byte) else {
                throw ObjectGUIDError(code: .malformedString, detail: "it contains a character that is not a hexadecimal digit")
            }
            digits.append(nibble)
        }
        var fields: [UInt8] = []
        fields.reserveCapacity(16)
        for index in stride(from: 0, to: 32, by: 2) {
            fields.append(digits[index] << 4 | digits[index + 1])
        }
        self.bytes = Self.swapFirstThreeFields(fields)
    }

    /// Decodes base64 of the raw bytes, as found in Entra ID's `onPremisesImmutableId`.
    ///
    /// - Throws: ``ObjectGUIDError`` when the text is not standard base64 or does not decode to
    ///   exactly 16 bytes.
    public init(base64: String) throws(ObjectGUIDError) {
        guard let decoded = Base64.decode(base64) else {
            throw ObjectGUIDError(code: .malformedBase64, detail: "it is not valid base64")
        }
        guard decoded.count == 16 else {
            throw ObjectGUIDError(code: .wrongLength, detail: "its base64 decodes to \(decoded.count) bytes instead of 16")
        }
        self.bytes = decoded
    }

    /// The canonical lowercase string form, e.g. `7a3b1c8e-5f1d-4b2a-9c6e-0d1e2f3a4b5c`.
    public var description: String {
        let ordered = Self.swapFirstThreeFields(bytes)
        var result = ""
        result.reserveCapacity(36)
        for (index, byte) in ordered.enumerated() {
            if index == 4 || index == 6 || index == 8 || index == 10 {
                result += "-"
            }
            result += LDAPHex.lowercase(byte)
        }
        return result
    }

    /// Base64 of the raw bytes: the value Entra Connect uses as `onPremisesImmutableId`.
    public var base64: String {
        Base64.encode(bytes)
    }

    /// The value to put after `objectGUID=` in an LDAP search filter.
    public var ldapFilterValue: String {
        LDAPBinaryEscaping.ldapFilterEscapedBytes(bytes)
    }

    // The swap is its own inverse, so it converts both ways between raw and string order.
    private static func swapFirstThreeFields(_ bytes: [UInt8]) -> [UInt8] {
        [bytes[3], bytes[2], bytes[1], bytes[0], bytes[5], bytes[4], bytes[7], bytes[6]] + bytes[8..<16]
    }
}

/// Renders binary attribute values (objectGUID, objectSid) for LDAP search filters (RFC 4515).
public enum LDAPBinaryEscaping {
    /// Escapes every byte as a backslash and two lowercase hex digits, e.g. `[0x01, 0xAB]` → `\01\ab`.
    ///
    /// Escaping every byte, not only the special ones, keeps the filter ASCII whatever the value.
    public static func ldapFilterEscapedBytes(_ bytes: [UInt8]) -> String {
        var result = ""
        result.reserveCapacity(bytes.count * 3)
        for byte in bytes {
            result += "\\"
            result += LDAPHex.lowercase(byte)
        }
        return result
    }

}

/// Why an object GUID could not be read.
public struct ObjectGUIDError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable identifier for the kind of failure.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case wrongLength
            case malformedString
            case malformedBase64
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The value is not 16 bytes long.
        public static let wrongLength = Code(.wrongLength)
        /// The text is not a canonical GUID string.
        public static let malformedString = Code(.malformedString)
        /// The text is not valid base64.
        public static let malformedBase64 = Code(.malformedBase64)

        public var description: String { base.rawValue }
    }

    /// The kind of failure.
    public let code: Code
    /// What exactly was wrong, in words (never the raw input).
    public let detail: String

    public init(code: Code, detail: String) {
        self.code = code
        self.detail = detail
    }

    public var description: String {
        "The object GUID is not valid: \(detail)."
    }
}

/// Standard base64 (RFC 4648 section 4) without Foundation.
private enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index < bytes.count {
            let remaining = bytes.count - index
            let b0 = bytes[index]
            let b1 = remaining > 1 ? bytes[index + 1] : 0
            let b2 = remaining > 2 ? bytes[index + 2] : 0
            output.append(alphabet[Int(b0 >> 2)])
            output.append(alphabet[Int((b0 & 0x03) << 4 | b1 >> 4)])
            output.append(remaining > 1 ? alphabet[Int((b1 & 0x0F) << 2 | b2 >> 6)] : UInt8(ascii: "="))
            output.append(remaining > 2 ? alphabet[Int(b2 & 0x3F)] : UInt8(ascii: "="))
            index += 3
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Decodes padded or unpadded base64, ignoring surrounding whitespace. Returns nil for any
    /// other character, misplaced padding, or leftover bits that are not zero (so each value
    /// has exactly one accepted spelling).
    static func decode(_ text: String) -> [UInt8]? {
        var input = Array(text.utf8)
        while let last = input.last, isWhitespace(last) { input.removeLast() }
        while let first = input.first, isWhitespace(first) { input.removeFirst() }
        if input.count % 4 == 0 {
            var padding = 0
            while padding < 2, input.last == UInt8(ascii: "=") {
                input.removeLast()
                padding += 1
            }
        }
        guard input.count % 4 != 1 else { return nil }
        var values: [UInt8] = []
        values.reserveCapacity(input.count)
        for byte in input {
            guard let value = sextet(byte) else { return nil }
            values.append(value)
        }
        var output: [UInt8] = []
        output.reserveCapacity(values.count * 3 / 4)
        var index = 0
        while index < values.count {
            let remaining = values.count - index
            let v0 = values[index]
            let v1 = values[index + 1]
            output.append(v0 << 2 | v1 >> 4)
            if remaining == 2 {
                guard v1 & 0x0F == 0 else { return nil }
                break
            }
            let v2 = values[index + 2]
            output.append((v1 & 0x0F) << 4 | v2 >> 2)
            if remaining == 3 {
                guard v2 & 0x03 == 0 else { return nil }
                break
            }
            let v3 = values[index + 3]
            output.append((v2 & 0x03) << 6 | v3)
            index += 4
        }
        return output
    }

    private static func sextet(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): byte - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): byte - UInt8(ascii: "a") + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0") + 52
        case UInt8(ascii: "+"): 62
        case UInt8(ascii: "/"): 63
        default: nil
        }
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
}
