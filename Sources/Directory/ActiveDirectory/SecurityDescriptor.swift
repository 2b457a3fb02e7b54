/// The DACL of a self-relative SECURITY_DESCRIPTOR (MS-DTYP 2.4.6), as far as Firstkey needs it:
/// to tell an administrator whether the service account holds the rights it needs on an OU.
public struct SecurityDescriptor: Hashable, Sendable {
    public struct AccessControlEntry: Hashable, Sendable {
        public var type: UInt8
        public var flags: UInt8
        public var mask: UInt32
        public var objectType: ObjectGUID?
        public var inheritedObjectType: ObjectGUID?
        public var trustee: SecurityIdentifier

        public var isAllow: Bool { type == 0x00 || type == 0x05 }
        public var isDeny: Bool { type == 0x01 || type == 0x06 }
        public var isInheritOnly: Bool { flags & 0x08 != 0 }
        public var inheritsToChildren: Bool { flags & 0x02 != 0 }
    }

    public var dacl: [AccessControlEntry]

    public init(bytes: [UInt8]) throws {
        guard bytes.count >= 20, bytes[0] == 1 else { throw Self.malformed("header") }
        let daclOffset = Int(Self.uint32(bytes, 16))
        dacl = []
        guard daclOffset != 0 else { return }
        guard daclOffset + 8 <= bytes.count else { throw Self.malformed("DACL offset") }
        let aceCount = Int(Self.uint16(bytes, daclOffset + 4))
        var position = daclOffset + 8
        for _ in 0..<aceCount {
            guard position + 4 <= bytes.count else { throw Self.malformed("ACE header") }
            let type = bytes[position], flags = bytes[position + 1]
            let size = Int(Self.uint16(bytes, position + 2))
            guard size >= 8, position + size <= bytes.count else { throw Self.malformed("ACE size") }
            let body = Array(bytes[(position + 4)..<(position + size)])
            switch type {
            case 0x00, 0x01:
                let mask = Self.uint32(body, 0)
                dacl.append(AccessControlEntry(type: type, flags: flags, mask: mask, trustee: try Self.sid(Array(body[4...]))))
            case 0x05, 0x06:
                guard body.count >= 8 else { throw Self.malformed("object ACE") }
                let mask = Self.uint32(body, 0), objectFlags = Self.uint32(body, 4)
                var offset = 8
                var objectType: ObjectGUID?, inherited: ObjectGUID?
                if objectFlags & 1 != 0 {
                    guard body.count >= offset + 16 else { throw Self.malformed("object type") }
                    objectType = try ObjectGUID(bytes: Array(body[offset..<(offset + 16)])); offset += 16
                }
                if objectFlags & 2 != 0 {
                    guard body.count >= offset + 16 else { throw Self.malformed("inherited object type") }
                    inherited = try ObjectGUID(bytes: Array(body[offset..<(offset + 16)])); offset += 16
                }
                dacl.append(AccessControlEntry(type: type, flags: flags, mask: mask, objectType: objectType, inheritedObjectType: inherited, trustee: try Self.sid(Array(body[offset...]))))
            default:
                break
            }
            position += size
        }
    }

    private static func sid(_ bytes: [UInt8]) throws -> SecurityIdentifier {
        guard bytes.count >= 8 else { throw malformed("SID") }
        let length = 8 + 4 * Int(bytes[1])
        guard bytes.count >= length else { throw malformed("SID length") }
        return try SecurityIdentifier(bytes: Array(bytes[0..<length]))
    }

    private static func uint16(_ bytes: [UInt8], _ at: Int) -> UInt16 { UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8 }
    private static func uint32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
    }
    private static func malformed(_ part: String) -> DirectoryError {
        DirectoryError(.unexpectedData, summary: "the security descriptor is malformed (\(part))")
    }
}

/// The rights a password-reset service account needs on user objects in its OU.
public enum DelegatedRight: String, CaseIterable, Sendable, Codable {
    case resetPassword = "Reset Password"
    case writePwdLastSet = "Write pwdLastSet"
    case writeUserAccountControl = "Write userAccountControl"
    case writeLockoutTime = "Write lockoutTime"

    static let userClass = try! ObjectGUID(string: "bf967aba-0de6-11d0-a285-00aa003049e2")
    static let controlAccess: UInt32 = 0x100
    static let writeProperty: UInt32 = 0x20
    static let genericAll: UInt32 = 0x1000_0000
    static let fullControl: UInt32 = 0x000F_01FF

    var objectType: ObjectGUID {
        switch self {
        case .resetPassword: try! ObjectGUID(string: "00299570-246d-11d0-a768-00aa006e0529")
        case .writePwdLastSet: try! ObjectGUID(string: "bf967a0a-0de6-11d0-a285-00aa003049e2")
        case .writeUserAccountControl: try! ObjectGUID(string: "bf967a68-0de6-11d0-a285-00aa003049e2")
        case .writeLockoutTime: try! ObjectGUID(string: "28630ebf-41d5-11d1-a9c1-0000f80367c1")
        }
    }

    var accessBit: UInt32 { self == .resetPassword ? Self.controlAccess : Self.writeProperty }

    /// Whether the DACL of an OU grants this right on user objects below it to any of `trustees`
    /// (the account's SID and its groups), with no matching deny. Inherited and explicit ACEs both count.
    public func isGranted(on ou: SecurityDescriptor, to trustees: Set<SecurityIdentifier>) -> Bool {
        let applicable = ou.dacl.filter { ace in
            trustees.contains(ace.trustee)
                && (ace.inheritsToChildren)
                && (ace.inheritedObjectType == nil || ace.inheritedObjectType == Self.userClass)
                && (ace.mask & Self.genericAll != 0 || ace.mask & Self.fullControl == Self.fullControl
                    || (ace.mask & accessBit != 0 && (ace.objectType == nil || ace.objectType == objectType)))
        }
        return applicable.contains(where: \.isAllow) && !applicable.contains(where: \.isDeny)
    }
}
