import SwiftASN1

/// SearchRequest (RFC 4511 §4.5.1).
public struct SearchRequest: Hashable, Sendable {
    public enum Scope: Int, Hashable, Sendable { case baseObject = 0, singleLevel = 1, wholeSubtree = 2 }
    public enum DerefAliases: Int, Hashable, Sendable { case never = 0, inSearching, findingBaseObject, always }

    public var baseDN: String
    public var scope: Scope
    public var derefAliases: DerefAliases
    /// 0 means no client-requested limit.
    public var sizeLimit: Int32
    /// Seconds; 0 means no client-requested limit.
    public var timeLimit: Int32
    public var typesOnly: Bool
    public var filter: LDAPFilter
    /// Empty means all user attributes; `1.1` means none; constructed attributes must be named.
    public var attributes: [String]

    public init(
        baseDN: String,
        scope: Scope = .wholeSubtree,
        derefAliases: DerefAliases = .never,
        sizeLimit: Int32 = 0,
        timeLimit: Int32 = 0,
        typesOnly: Bool = false,
        filter: LDAPFilter = .present(attribute: "objectClass"),
        attributes: [String] = []
    ) {
        self.baseDN = baseDN
        self.scope = scope
        self.derefAliases = derefAliases
        self.sizeLimit = sizeLimit
        self.timeLimit = timeLimit
        self.typesOnly = typesOnly
        self.filter = filter
        self.attributes = attributes
    }

    static let tag = ASN1Identifier.application(3)

    init(node: ASN1Node) throws {
        var children = try BERRead.children(node, Self.tag, "SearchRequest")
        baseDN = try BERRead.string(BERRead.next(&children, "baseObject"), .octetString, "baseObject")
        let scopeValue = try BERRead.integer(BERRead.next(&children, "scope"), .enumerated, "scope")
        guard let scope = Scope(rawValue: Int(scopeValue)) else { throw LDAPDecodingError(.invalidValue, "search scope \(scopeValue)") }
        self.scope = scope
        let derefValue = try BERRead.integer(BERRead.next(&children, "derefAliases"), .enumerated, "derefAliases")
        guard let deref = DerefAliases(rawValue: Int(derefValue)) else { throw LDAPDecodingError(.invalidValue, "derefAliases \(derefValue)") }
        derefAliases = deref
        sizeLimit = try BERRead.int32(BERRead.next(&children, "sizeLimit"), .integer, "sizeLimit")
        timeLimit = try BERRead.int32(BERRead.next(&children, "timeLimit"), .integer, "timeLimit")
        typesOnly = try BERRead.boolean(BERRead.next(&children, "typesOnly"), .boolean, "typesOnly")
        filter = try LDAPFilter(node: BERRead.next(&children, "filter"))
        var attributeNodes = try BERRead.children(BERRead.next(&children, "attributes"), .sequence, "attributes")
        var attributes: [String] = []
        while let node = attributeNodes.next() { attributes.append(try BERRead.string(node, .octetString, "attribute selector")) }
        self.attributes = attributes
        try BERRead.end(&children, "SearchRequest")
    }

    func encode(into serializer: inout DER.Serializer) {
        serializer.appendConstructedNode(identifier: Self.tag) { body in
            body.appendString(baseDN)
            body.appendInteger(Int64(scope.rawValue), identifier: .enumerated)
            body.appendInteger(Int64(derefAliases.rawValue), identifier: .enumerated)
            body.appendInteger(Int64(sizeLimit))
            body.appendInteger(Int64(timeLimit))
            body.appendBoolean(typesOnly)
            filter.encode(into: &body)
            body.appendConstructedNode(identifier: .sequence) { list in attributes.forEach { list.appendString($0) } }
        }
    }
}

/// One entry returned by a search (RFC 4511 §4.5.2).
public struct SearchResultEntry: Hashable, Sendable {
    public var dn: String
    public var attributes: [LDAPAttribute]

    public init(dn: String, attributes: [LDAPAttribute]) {
        self.dn = dn
        self.attributes = attributes
    }

    /// Attribute names are case-insensitive; options such as `;binary` or `;range=` are kept in the name.
    public subscript(attribute name: String) -> LDAPAttribute? {
        attributes.first { $0.name.caseInsensitiveEquals(name) }
    }

    public func values(_ name: String) -> [[UInt8]] { self[attribute: name]?.values ?? [] }
    public func strings(_ name: String) -> [String] { self[attribute: name]?.stringValues ?? [] }
    public func string(_ name: String) -> String? { strings(name).first }

    static let tag = ASN1Identifier.application(4)

    init(node: ASN1Node) throws {
        var children = try BERRead.children(node, Self.tag, "SearchResultEntry")
        dn = try BERRead.string(BERRead.next(&children, "objectName"), .octetString, "objectName")
        attributes = try LDAPAttribute.decodeList(BERRead.next(&children, "attributes"), "PartialAttributeList")
        try BERRead.end(&children, "SearchResultEntry")
    }

    func encode(into serializer: inout DER.Serializer) {
        serializer.appendConstructedNode(identifier: Self.tag) { body in
            body.appendString(dn)
            LDAPAttribute.encodeList(attributes, into: &body)
        }
    }
}

extension String {
    func caseInsensitiveEquals(_ other: String) -> Bool {
        utf8.count == other.utf8.count && lowercased() == other.lowercased()
    }
}

extension LDAPAttribute {
    init(node: ASN1Node) throws {
        var children = try BERRead.children(node, .sequence, "attribute")
        let name = try BERRead.string(BERRead.next(&children, "attribute type"), .octetString, "attribute type")
        var valueNodes = try BERRead.children(BERRead.next(&children, "attribute values"), .set, "attribute values")
        var values: [[UInt8]] = []
        while let value = valueNodes.next() { values.append(try BERRead.octets(value, .octetString, "attribute value")) }
        try BERRead.end(&children, "attribute")
        self.init(name: name, values: values)
    }

    func encode(into serializer: inout DER.Serializer) {
        serializer.appendConstructedNode(identifier: .sequence) { body in
            body.appendString(name)
            body.appendConstructedNode(identifier: .set) { set in values.forEach { set.appendOctets($0) } }
        }
    }

    static func decodeList(_ node: ASN1Node, _ what: String) throws -> [LDAPAttribute] {
        var children = try BERRead.children(node, .sequence, what)
        var attributes: [LDAPAttribute] = []
        while let child = children.next() { attributes.append(try LDAPAttribute(node: child)) }
        return attributes
    }

    static func encodeList(_ attributes: [LDAPAttribute], into serializer: inout DER.Serializer) {
        serializer.appendConstructedNode(identifier: .sequence) { list in attributes.forEach { $0.encode(into: &list) } }
    }
}
