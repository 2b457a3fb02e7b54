import SwiftASN1

/// A search filter (RFC 4511 §4.5.1.7). Build it from values, or parse an RFC 4515 string with
/// `LDAPFilter(parsing:)`; values given as values never need escaping.
public indirect enum LDAPFilter: Hashable, Sendable {
    case and([LDAPFilter])
    case or([LDAPFilter])
    case not(LDAPFilter)
    case equality(attribute: String, value: [UInt8])
    case substrings(attribute: String, initial: [UInt8]?, any: [[UInt8]], final: [UInt8]?)
    case greaterOrEqual(attribute: String, value: [UInt8])
    case lessOrEqual(attribute: String, value: [UInt8])
    case present(attribute: String)
    case approximate(attribute: String, value: [UInt8])
    case extensibleMatch(matchingRule: String?, attribute: String?, value: [UInt8], dnAttributes: Bool)

    public static func equal(_ attribute: String, _ value: String) -> LDAPFilter {
        .equality(attribute: attribute, value: Array(value.utf8))
    }

    public static func equal(_ attribute: String, bytes: [UInt8]) -> LDAPFilter {
        .equality(attribute: attribute, value: bytes)
    }

    /// Nested filters deeper than this are refused, in strings and on the wire, so no input can
    /// exhaust the stack.
    public static let maximumDepth = 32

    enum Tag {
        static let and = ASN1Identifier.context(0)
        static let or = ASN1Identifier.context(1)
        static let not = ASN1Identifier.context(2)
        static let equality = ASN1Identifier.context(3)
        static let substrings = ASN1Identifier.context(4)
        static let greaterOrEqual = ASN1Identifier.context(5)
        static let lessOrEqual = ASN1Identifier.context(6)
        static let present = ASN1Identifier.context(7)
        static let approximate = ASN1Identifier.context(8)
        static let extensible = ASN1Identifier.context(9)
        static let substringInitial = ASN1Identifier.context(0)
        static let substringAny = ASN1Identifier.context(1)
        static let substringFinal = ASN1Identifier.context(2)
        static let matchingRule = ASN1Identifier.context(1)
        static let matchType = ASN1Identifier.context(2)
        static let matchValue = ASN1Identifier.context(3)
        static let dnAttributes = ASN1Identifier.context(4)
    }

    func encode(into serializer: inout DER.Serializer) {
        switch self {
        case .and(let filters):
            serializer.appendConstructedNode(identifier: Tag.and) { set in filters.forEach { $0.encode(into: &set) } }
        case .or(let filters):
            serializer.appendConstructedNode(identifier: Tag.or) { set in filters.forEach { $0.encode(into: &set) } }
        case .not(let filter):
            serializer.appendConstructedNode(identifier: Tag.not) { filter.encode(into: &$0) }
        case .equality(let attribute, let value):
            Self.encodeAssertion(Tag.equality, attribute, value, into: &serializer)
        case .greaterOrEqual(let attribute, let value):
            Self.encodeAssertion(Tag.greaterOrEqual, attribute, value, into: &serializer)
        case .lessOrEqual(let attribute, let value):
            Self.encodeAssertion(Tag.lessOrEqual, attribute, value, into: &serializer)
        case .approximate(let attribute, let value):
            Self.encodeAssertion(Tag.approximate, attribute, value, into: &serializer)
        case .present(let attribute):
            serializer.appendString(attribute, identifier: Tag.present)
        case .substrings(let attribute, let initial, let any, let final):
            serializer.appendConstructedNode(identifier: Tag.substrings) { body in
                body.appendString(attribute)
                body.appendConstructedNode(identifier: .sequence) { parts in
                    if let initial { parts.appendOctets(initial, identifier: Tag.substringInitial) }
                    for middle in any { parts.appendOctets(middle, identifier: Tag.substringAny) }
                    if let final { parts.appendOctets(final, identifier: Tag.substringFinal) }
                }
            }
        case .extensibleMatch(let rule, let attribute, let value, let dnAttributes):
            serializer.appendConstructedNode(identifier: Tag.extensible) { body in
                if let rule { body.appendString(rule, identifier: Tag.matchingRule) }
                if let attribute { body.appendString(attribute, identifier: Tag.matchType) }
                body.appendOctets(value, identifier: Tag.matchValue)
                if dnAttributes { body.appendBoolean(true, identifier: Tag.dnAttributes) }
            }
        }
    }

    private static func encodeAssertion(_ tag: ASN1Identifier, _ attribute: String, _ value: [UInt8], into serializer: inout DER.Serializer) {
        serializer.appendConstructedNode(identifier: tag) { body in
            body.appendString(attribute)
            body.appendOctets(value)
        }
    }

    init(node: ASN1Node, depth: Int = 0) throws {
        guard depth < Self.maximumDepth else {
            throw LDAPDecodingError(.invalidValue, "filter nested deeper than \(Self.maximumDepth) levels")
        }
        func subfilters(_ tag: ASN1Identifier) throws -> [LDAPFilter] {
            var children = try BERRead.children(node, tag, "filter set")
            var filters: [LDAPFilter] = []
            while let child = children.next() { filters.append(try LDAPFilter(node: child, depth: depth + 1)) }
            return filters
        }
        func assertion(_ tag: ASN1Identifier) throws -> (String, [UInt8]) {
            var children = try BERRead.children(node, tag, "attribute value assertion")
            let attribute = try BERRead.string(BERRead.next(&children, "attribute"), .octetString, "attribute")
            let value = try BERRead.octets(BERRead.next(&children, "assertion value"), .octetString, "assertion value")
            try BERRead.end(&children, "attribute value assertion")
            return (attribute, value)
        }
        switch node.identifier {
        case Tag.and: self = .and(try subfilters(Tag.and))
        case Tag.or: self = .or(try subfilters(Tag.or))
        case Tag.not:
            var children = try BERRead.children(node, Tag.not, "not filter")
            let inner = try LDAPFilter(node: BERRead.next(&children, "negated filter"), depth: depth + 1)
            try BERRead.end(&children, "not filter")
            self = .not(inner)
        case Tag.equality: let (a, v) = try assertion(Tag.equality); self = .equality(attribute: a, value: v)
        case Tag.greaterOrEqual: let (a, v) = try assertion(Tag.greaterOrEqual); self = .greaterOrEqual(attribute: a, value: v)
        case Tag.lessOrEqual: let (a, v) = try assertion(Tag.lessOrEqual); self = .lessOrEqual(attribute: a, value: v)
        case Tag.approximate: let (a, v) = try assertion(Tag.approximate); self = .approximate(attribute: a, value: v)
        case Tag.present: self = .present(attribute: try BERRead.string(node, Tag.present, "present filter"))
        case Tag.substrings:
            var children = try BERRead.children(node, Tag.substrings, "substrings filter")
            let attribute = try BERRead.string(BERRead.next(&children, "attribute"), .octetString, "attribute")
            var parts = try BERRead.children(BERRead.next(&children, "substrings"), .sequence, "substrings")
            try BERRead.end(&children, "substrings filter")
            var initial: [UInt8]?, final: [UInt8]?, any: [[UInt8]] = []
            var sawAny = false
            while let part = parts.next() {
                switch part.identifier {
                case Tag.substringInitial where initial == nil && !sawAny && final == nil:
                    initial = try BERRead.octets(part, Tag.substringInitial, "initial substring")
                case Tag.substringAny where final == nil:
                    sawAny = true
                    any.append(try BERRead.octets(part, Tag.substringAny, "any substring"))
                case Tag.substringFinal where final == nil:
                    final = try BERRead.octets(part, Tag.substringFinal, "final substring")
                default:
                    throw LDAPDecodingError(.unexpectedElement, "substring element \(part.identifier) out of order")
                }
            }
            guard initial != nil || final != nil || !any.isEmpty else {
                throw LDAPDecodingError(.invalidValue, "a substrings filter needs at least one substring")
            }
            self = .substrings(attribute: attribute, initial: initial, any: any, final: final)
        case Tag.extensible:
            var children = try BERRead.children(node, Tag.extensible, "extensible match")
            let rule = try BERRead.optional(&children, Tag.matchingRule).map { try BERRead.string($0, Tag.matchingRule, "matching rule") }
            let type = try BERRead.optional(&children, Tag.matchType).map { try BERRead.string($0, Tag.matchType, "match type") }
            let value = try BERRead.octets(BERRead.next(&children, "match value"), Tag.matchValue, "match value")
            let dn = try BERRead.optional(&children, Tag.dnAttributes).map { try BERRead.boolean($0, Tag.dnAttributes, "dnAttributes") } ?? false
            try BERRead.end(&children, "extensible match")
            guard rule != nil || type != nil else {
                throw LDAPDecodingError(.invalidValue, "an extensible match needs a matching rule or an attribute")
            }
            self = .extensibleMatch(matchingRule: rule, attribute: type, value: value, dnAttributes: dn)
        default:
            throw LDAPDecodingError(.unexpectedElement, "unknown filter choice \(node.identifier)")
        }
    }
}
