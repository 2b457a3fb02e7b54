import SwiftASN1

// LDAP's ASN.1 module uses IMPLICIT TAGS throughout, so most fields are plain primitives carrying
// a context or application tag. swift-asn1's typed decoders insist on DER's minimal integers;
// real servers are BER, so the primitives are read here leniently and written minimally.

extension ASN1Identifier {
    static func application(_ number: UInt) -> ASN1Identifier {
        ASN1Identifier(tagWithNumber: number, tagClass: .application)
    }

    static func context(_ number: UInt) -> ASN1Identifier {
        ASN1Identifier(tagWithNumber: number, tagClass: .contextSpecific)
    }
}

enum BERRead {
    static func primitiveBytes(_ node: ASN1Node, _ identifier: ASN1Identifier, _ what: @autoclosure () -> String) throws -> ArraySlice<UInt8> {
        guard node.identifier == identifier else {
            throw LDAPDecodingError(.unexpectedElement, "expected \(what()) (\(identifier)), found \(node.identifier)")
        }
        guard case .primitive(let bytes) = node.content else {
            throw LDAPDecodingError(.unexpectedElement, "\(what()) must be a primitive element")
        }
        return bytes
    }

    static func octets(_ node: ASN1Node, _ identifier: ASN1Identifier = .octetString, _ what: @autoclosure () -> String) throws -> [UInt8] {
        Array(try primitiveBytes(node, identifier, what()))
    }

    static func string(_ node: ASN1Node, _ identifier: ASN1Identifier = .octetString, _ what: @autoclosure () -> String) throws -> String {
        let bytes = try primitiveBytes(node, identifier, what())
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw LDAPDecodingError(.invalidValue, "\(what()) is not valid UTF-8")
        }
        return text
    }

    static func integer(_ node: ASN1Node, _ identifier: ASN1Identifier = .integer, _ what: @autoclosure () -> String) throws -> Int64 {
        let bytes = try primitiveBytes(node, identifier, what())
        guard !bytes.isEmpty, bytes.count <= 8 else {
            throw LDAPDecodingError(.invalidValue, "\(what()) has an integer of \(bytes.count) bytes")
        }
        var value: Int64 = bytes.first! & 0x80 != 0 ? -1 : 0
        for byte in bytes {
            value = (value << 8) | Int64(byte)
        }
        return value
    }

    static func int32(_ node: ASN1Node, _ identifier: ASN1Identifier = .integer, _ what: @autoclosure () -> String) throws -> Int32 {
        let value = try integer(node, identifier, what())
        guard let narrowed = Int32(exactly: value) else {
            throw LDAPDecodingError(.invalidValue, "\(what()) is out of range")
        }
        return narrowed
    }

    static func boolean(_ node: ASN1Node, _ identifier: ASN1Identifier = .boolean, _ what: @autoclosure () -> String) throws -> Bool {
        let bytes = try primitiveBytes(node, identifier, what())
        guard bytes.count == 1 else {
            throw LDAPDecodingError(.invalidValue, "\(what()) is a BOOLEAN of \(bytes.count) bytes")
        }
        return bytes.first! != 0
    }

    static func children(_ node: ASN1Node, _ identifier: ASN1Identifier, _ what: @autoclosure () -> String) throws -> ASN1NodeCollection.Iterator {
        guard node.identifier == identifier else {
            throw LDAPDecodingError(.unexpectedElement, "expected \(what()) (\(identifier)), found \(node.identifier)")
        }
        guard case .constructed(let nodes) = node.content else {
            throw LDAPDecodingError(.unexpectedElement, "\(what()) must be a constructed element")
        }
        return nodes.makeIterator()
    }

    static func next(_ iterator: inout ASN1NodeCollection.Iterator, _ what: @autoclosure () -> String) throws -> ASN1Node {
        guard let node = iterator.next() else {
            throw LDAPDecodingError(.malformed, "\(what()) is missing")
        }
        return node
    }

    /// Returns the next node only when it carries `identifier`, leaving the iterator untouched otherwise.
    static func optional(_ iterator: inout ASN1NodeCollection.Iterator, _ identifier: ASN1Identifier) -> ASN1Node? {
        var lookahead = iterator
        guard let node = lookahead.next(), node.identifier == identifier else { return nil }
        iterator = lookahead
        return node
    }

    static func end(_ iterator: inout ASN1NodeCollection.Iterator, _ what: @autoclosure () -> String) throws {
        if let extra = iterator.next() {
            throw LDAPDecodingError(.malformed, "\(what()) has an unexpected trailing element \(extra.identifier)")
        }
    }
}

extension DER.Serializer {
    mutating func appendOctets<Bytes: Collection>(_ bytes: Bytes, identifier: ASN1Identifier = .octetString) where Bytes.Element == UInt8 {
        appendPrimitiveNode(identifier: identifier) { $0.append(contentsOf: bytes) }
    }

    mutating func appendString(_ string: String, identifier: ASN1Identifier = .octetString) {
        appendOctets(string.utf8, identifier: identifier)
    }

    mutating func appendInteger(_ value: Int64, identifier: ASN1Identifier = .integer) {
        appendPrimitiveNode(identifier: identifier) { $0.append(contentsOf: minimalTwosComplement(value)) }
    }

    mutating func appendBoolean(_ value: Bool, identifier: ASN1Identifier = .boolean) {
        appendPrimitiveNode(identifier: identifier) { $0.append(value ? 0xFF : 0x00) }
    }
}

func minimalTwosComplement(_ value: Int64) -> [UInt8] {
    var bytes = withUnsafeBytes(of: value.bigEndian, Array.init)
    while bytes.count > 1 {
        let redundantZero = bytes[0] == 0x00 && bytes[1] & 0x80 == 0
        let redundantOnes = bytes[0] == 0xFF && bytes[1] & 0x80 != 0
        guard redundantZero || redundantOnes else { break }
        bytes.removeFirst()
    }
    return bytes
}
