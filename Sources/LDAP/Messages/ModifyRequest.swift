import SwiftASN1

/// ModifyRequest (RFC 4511 §4.6): all changes apply atomically, or none do.
public struct ModifyRequest: Hashable, Sendable {
    public enum Operation: Int, Hashable, Sendable { case add = 0, delete = 1, replace = 2 }

    public struct Change: Hashable, Sendable {
        public var operation: Operation
        public var attribute: LDAPAttribute

        public init(_ operation: Operation, _ attribute: LDAPAttribute) {
            self.operation = operation
            self.attribute = attribute
        }

        public static func replace(_ name: String, _ strings: [String]) -> Change { Change(.replace, LDAPAttribute(name: name, strings: strings)) }
        public static func replace(_ name: String, bytes values: [[UInt8]]) -> Change { Change(.replace, LDAPAttribute(name: name, values: values)) }
        public static func add(_ name: String, _ strings: [String]) -> Change { Change(.add, LDAPAttribute(name: name, strings: strings)) }
        public static func delete(_ name: String, _ strings: [String] = []) -> Change { Change(.delete, LDAPAttribute(name: name, strings: strings)) }
    }

    public var dn: String
    public var changes: [Change]

    public init(dn: String, changes: [Change]) {
        self.dn = dn
        self.changes = changes
    }

    static let tag = ASN1Identifier.application(6)

    init(node: ASN1Node) throws {
        var children = try BERRead.children(node, Self.tag, "ModifyRequest")
        dn = try BERRead.string(BERRead.next(&children, "object"), .octetString, "object")
        var changeNodes = try BERRead.children(BERRead.next(&children, "changes"), .sequence, "changes")
        var changes: [Change] = []
        while let changeNode = changeNodes.next() {
            var parts = try BERRead.children(changeNode, .sequence, "change")
            let raw = try BERRead.integer(BERRead.next(&parts, "operation"), .enumerated, "operation")
            guard let operation = Operation(rawValue: Int(raw)) else { throw LDAPDecodingError(.invalidValue, "modify operation \(raw)") }
            let attribute = try LDAPAttribute(node: BERRead.next(&parts, "modification"))
            try BERRead.end(&parts, "change")
            changes.append(Change(operation, attribute))
        }
        self.changes = changes
        try BERRead.end(&children, "ModifyRequest")
    }

    func encode(into serializer: inout DER.Serializer) {
        serializer.appendConstructedNode(identifier: Self.tag) { body in
            body.appendString(dn)
            body.appendConstructedNode(identifier: .sequence) { list in
                for change in changes {
                    list.appendConstructedNode(identifier: .sequence) { item in
                        item.appendInteger(Int64(change.operation.rawValue), identifier: .enumerated)
                        change.attribute.encode(into: &item)
                    }
                }
            }
        }
    }
}

/// AddRequest (RFC 4511 §4.7).
public struct AddRequest: Hashable, Sendable {
    public var dn: String
    public var attributes: [LDAPAttribute]

    public init(dn: String, attributes: [LDAPAttribute]) {
        self.dn = dn
        self.attributes = attributes
    }

    static let tag = ASN1Identifier.application(8)

    init(node: ASN1Node) throws {
        var children = try BERRead.children(node, Self.tag, "AddRequest")
        dn = try BERRead.string(BERRead.next(&children, "entry"), .octetString, "entry")
        attributes = try LDAPAttribute.decodeList(BERRead.next(&children, "attributes"), "AttributeList")
        try BERRead.end(&children, "AddRequest")
    }

    func encode(into serializer: inout DER.Serializer) {
        serializer.appendConstructedNode(identifier: Self.tag) { body in
            body.appendString(dn)
            LDAPAttribute.encodeList(attributes, into: &body)
        }
    }
}

/// CompareRequest (RFC 4511 §4.10).
public struct CompareRequest: Hashable, Sendable {
    public var dn: String
    public var attribute: String
    public var value: [UInt8]

    public init(dn: String, attribute: String, value: [UInt8]) {
        self.dn = dn
        self.attribute = attribute
        self.value = value
    }

    static let tag = ASN1Identifier.application(14)

    init(node: ASN1Node) throws {
        var children = try BERRead.children(node, Self.tag, "CompareRequest")
        dn = try BERRead.string(BERRead.next(&children, "entry"), .octetString, "entry")
        var ava = try BERRead.children(BERRead.next(&children, "ava"), .sequence, "ava")
        attribute = try BERRead.string(BERRead.next(&ava, "attributeDesc"), .octetString, "attributeDesc")
        value = try BERRead.octets(BERRead.next(&ava, "assertionValue"), .octetString, "assertionValue")
        try BERRead.end(&ava, "ava")
        try BERRead.end(&children, "CompareRequest")
    }

    func encode(into serializer: inout DER.Serializer) {
        serializer.appendConstructedNode(identifier: Self.tag) { body in
            body.appendString(dn)
            body.appendConstructedNode(identifier: .sequence) { ava in
                ava.appendString(attribute)
                ava.appendOctets(value)
            }
        }
    }
}
