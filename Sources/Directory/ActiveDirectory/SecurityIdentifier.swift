// A Windows security identifier (SID) as Active Directory stores it in `objectSid`
// (MS-DTYP 2.4.2.2) and as Microsoft Graph reports it in `onPremisesSecurityIdentifier`.
//
// Binary layout: Revision (1 byte, always 1) | SubAuthorityCount (1 byte, at most 15) |
// IdentifierAuthority (6 bytes, big-endian) | SubAuthority[n] (UInt32 each, little-endian).
// The directory sends these bytes, so parsing must survive anything: it throws, never traps.

/// A security identifier such as `S-1-5-21-1004336348-1177238915-682003330-512`.
public struct SecurityIdentifier: Sendable, Hashable, CustomStringConvertible {
    /// The largest number of sub-authorities a SID may carry (SID_MAX_SUB_AUTHORITIES).
    public static let maximumSubAuthorityCount = 15

    /// The 48-bit identifier authority, e.g. 5 for `SECURITY_NT_AUTHORITY`.
    public let identifierAuthority: UInt64

    /// The sub-authorities in order; the last one is the relative identifier (RID).
    public let subAuthorities: [UInt32]

    /// Creates a SID from its parts.
    ///
    /// - Throws: ``SecurityIdentifierError`` when the authority does not fit in 48 bits or there
    ///   are more than 15 sub-authorities.
    public init(identifierAuthority: UInt64, subAuthorities: [UInt32]) throws(SecurityIdentifierError) {
        guard identifierAuthority <= 0xFFFF_FFFF_FFFF else {
            throw SecurityIdentifierError(code: .valueOutOfRange, detail: "the identifier authority does not fit in 48 bits")
        }
        guard subAuthorities.count <= Self.maximumSubAuthorityCount else {
            throw SecurityIdentifierError(
                code: .tooManySubAuthorities,
                detail: "it has \(subAuthorities.count) sub-authorities, at most \(Self.maximumSubAuthorityCount) are allowed"
            )
        }
        self.identifierAuthority = identifierAuthority
        self.subAuthorities = subAuthorities
    }

    /// Parses the binary form, as returned for `objectSid`.
    ///
    /// - Throws: ``SecurityIdentifierError`` for a revision other than 1, more than 15
    ///   sub-authorities, or a byte count that does not match the sub-authority count.
    public init(bytes: [UInt8]) throws(SecurityIdentifierError) {
        guard bytes.count >= 8 else {
            throw SecurityIdentifierError(code: .truncated, detail: "it has \(bytes.count) bytes, the header alone needs 8")
        }
        guard bytes[0] == 1 else {
            throw SecurityIdentifierError(code: .unsupportedRevision, detail: "its revision is \(bytes[0]), only revision 1 exists")
        }
        let count = Int(bytes[1])
        guard count <= Self.maximumSubAuthorityCount else {
            throw SecurityIdentifierError(
                code: .tooManySubAuthorities,
                detail: "it declares \(count) sub-authorities, at most \(Self.maximumSubAuthorityCount) are allowed"
            )
        }
        let expected = 8 + 4 * count
        guard bytes.count == expected else {
            throw SecurityIdentifierError(
                code: bytes.count < expected ? .truncated : .lengthMismatch,
                detail: "it declares \(count) sub-authorities, so it should be \(expected) bytes long, but it is \(bytes.count)"
            )
        }
        var authority: UInt64 = 0
        for index in 2..<8 {
            authority = authority << 8 | UInt64(bytes[index])
        }
        var subAuthorities: [UInt32] = []
        subAuthorities.reserveCapacity(count)
        for offset in stride(from: 8, to: expected, by: 4) {
            subAuthorities.append(
                UInt32(bytes[offset])
                    | UInt32(bytes[offset + 1]) << 8
                    | UInt32(bytes[offset + 2]) << 16
                    | UInt32(bytes[offset + 3]) << 24
            )
        }
        self.identifierAuthority = authority
        self.subAuthorities = subAuthorities
    }

    /// Parses the string form `S-1-<authority>-<sub-authority>-…`.
    ///
    /// The authority is decimal, or `0x` followed by 12 hexadecimal digits when it is 2^32 or
    /// more (MS-DTYP 2.4.2.1). Each sub-authority is a decimal number that fits in 32 bits.
    ///
    /// - Throws: ``SecurityIdentifierError`` when the text is not a revision-1 SID.
    public init(string: String) throws(SecurityIdentifierError) {
        let parts = string.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 3, parts[0] == "S" || parts[0] == "s" else {
            throw SecurityIdentifierError(code: .malformedString, detail: "it does not start with S-1-<authority>")
        }
        guard parts[1] == "1" else {
            throw SecurityIdentifierError(code: .unsupportedRevision, detail: "its revision is not 1")
        }
        guard let authority = Self.parseAuthority(parts[2]) else {
            throw SecurityIdentifierError(code: .malformedString, detail: "its identifier authority is not a 48-bit number")
        }
        var subAuthorities: [UInt32] = []
        for part in parts.dropFirst(3) {
            guard let value = Self.parseDecimal(part), let subAuthority = UInt32(exactly: value) else {
                throw SecurityIdentifierError(code: .malformedString, detail: "a sub-authority is not a 32-bit decimal number")
            }
            subAuthorities.append(subAuthority)
        }
        try self.init(identifierAuthority: authority, subAuthorities: subAuthorities)
    }

    /// The binary form, as stored in `objectSid`.
    public var bytes: [UInt8] {
        var result: [UInt8] = [1, UInt8(subAuthorities.count)]
        result.reserveCapacity(8 + 4 * subAuthorities.count)
        for shift in stride(from: 40, through: 0, by: -8) {
            result.append(UInt8(truncatingIfNeeded: identifierAuthority >> UInt64(shift)))
        }
        for subAuthority in subAuthorities {
            result.append(UInt8(truncatingIfNeeded: subAuthority))
            result.append(UInt8(truncatingIfNeeded: subAuthority >> 8))
            result.append(UInt8(truncatingIfNeeded: subAuthority >> 16))
            result.append(UInt8(truncatingIfNeeded: subAuthority >> 24))
        }
        return result
    }

    /// The string form, e.g. `S-1-5-21-1004336348-1177238915-682003330-512`.
    public var description: String {
        var result = "S-1-"
        if identifierAuthority < 1 << 32 {
            result += String(identifierAuthority)
        } else {
            let hex = String(identifierAuthority, radix: 16, uppercase: true)
            result += "0x" + String(repeating: "0", count: max(0, 12 - hex.count)) + hex
        }
        for subAuthority in subAuthorities {
            result += "-" + String(subAuthority)
        }
        return result
    }

    /// The relative identifier (RID): the last sub-authority, e.g. 512 for Domain Admins.
    /// `nil` for a SID without sub-authorities such as `S-1-5`.
    public var relativeIdentifier: UInt32? {
        subAuthorities.last
    }

    /// The SID without its last sub-authority: for an account, the SID of its domain.
    /// `nil` for a SID without sub-authorities.
    public var domainIdentifier: SecurityIdentifier? {
        guard !subAuthorities.isEmpty else { return nil }
        return try? SecurityIdentifier(identifierAuthority: identifierAuthority, subAuthorities: Array(subAuthorities.dropLast()))
    }

    private static func parseAuthority(_ text: Substring) -> UInt64? {
        if text.hasPrefix("0x") || text.hasPrefix("0X") {
            let digits = text.dropFirst(2)
            guard digits.utf8.count == 12, digits.utf8.allSatisfy(isASCIIHexDigit) else { return nil }
            return UInt64(digits, radix: 16)
        }
        guard let value = parseDecimal(text), value <= 0xFFFF_FFFF_FFFF else { return nil }
        return value
    }

    private static func isASCIIHexDigit(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x46).contains(byte) || (0x61...0x66).contains(byte)
    }

    // UInt64(_:radix:) alone would accept a leading "+"; SIDs have plain digits only.
    private static func parseDecimal(_ text: Substring) -> UInt64? {
        guard !text.isEmpty, text.count <= 20, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return UInt64(text)
    }
}

/// Why a security identifier could not be read.
public struct SecurityIdentifierError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable identifier for the kind of failure.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case truncated
            case lengthMismatch
            case unsupportedRevision
            case tooManySubAuthorities
            case malformedString
            case valueOutOfRange
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The binary value is shorter than its header says.
        public static let truncated = Code(.truncated)
        /// The binary value is longer than its header says.
        public static let lengthMismatch = Code(.lengthMismatch)
        /// The revision is not 1.
        public static let unsupportedRevision = Code(.unsupportedRevision)
        /// More than 15 sub-authorities.
        public static let tooManySubAuthorities = Code(.tooManySubAuthorities)
        /// The text is not of the form `S-1-<authority>-<sub-authority>…`.
        public static let malformedString = Code(.malformedString)
        /// A number does not fit its field.
        public static let valueOutOfRange = Code(.valueOutOfRange)

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
        "The security identifier (objectSid) is not valid: \(detail)."
    }
}
