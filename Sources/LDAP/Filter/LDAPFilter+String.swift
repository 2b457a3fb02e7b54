/// A filter string that does not follow RFC 4515. `position` is a byte offset into the string.
public struct LDAPFilterSyntaxError: Error, Hashable, Sendable, CustomStringConvertible {
    public let position: Int
    public let reason: String

    public var description: String { "invalid LDAP filter at position \(position): \(reason)" }
}

extension LDAPFilter {
    /// Parses an RFC 4515 filter string. A bare item without parentheses (`uid=alice`) is accepted too.
    public init(parsing text: String) throws {
        var parser = FilterParser(bytes: Array(text.utf8))
        self = try parser.parseTopLevel()
    }

    /// Escapes a value for use inside an RFC 4515 filter string: `*`, `(`, `)`, `\` and NUL.
    public static func escape(_ value: String) -> String {
        escape(bytes: Array(value.utf8))
    }

    /// Escapes raw bytes for a filter string; bytes that are not printable ASCII become `\xx`.
    public static func escape(bytes: [UInt8]) -> String {
        let text = String(validating: bytes, as: UTF8.self)
        var out = ""
        if let text {
            for scalar in text.unicodeScalars {
                switch scalar {
                case "*": out += "\\2a"
                case "(": out += "\\28"
                case ")": out += "\\29"
                case "\\": out += "\\5c"
                case "\0": out += "\\00"
                default: out.unicodeScalars.append(scalar)
                }
            }
        } else {
            for byte in bytes { out += "\\" + LDAPHex.lowercase(byte) }
        }
        return out
    }
}

extension LDAPFilter: CustomStringConvertible {
    /// The RFC 4515 string form, with every value escaped.
    public var description: String {
        switch self {
        case .and(let filters): "(&" + filters.map(\.description).joined() + ")"
        case .or(let filters): "(|" + filters.map(\.description).joined() + ")"
        case .not(let filter): "(!" + filter.description + ")"
        case .equality(let attribute, let value): "(\(attribute)=\(Self.escape(bytes: value)))"
        case .greaterOrEqual(let attribute, let value): "(\(attribute)>=\(Self.escape(bytes: value)))"
        case .lessOrEqual(let attribute, let value): "(\(attribute)<=\(Self.escape(bytes: value)))"
        case .approximate(let attribute, let value): "(\(attribute)~=\(Self.escape(bytes: value)))"
        case .present(let attribute): "(\(attribute)=*)"
        case .substrings(let attribute, let initial, let any, let final):
            "(\(attribute)=" + (initial.map { Self.escape(bytes: $0) } ?? "") + "*"
                + any.map { Self.escape(bytes: $0) + "*" }.joined()
                + (final.map { Self.escape(bytes: $0) } ?? "") + ")"
        case .extensibleMatch(let rule, let attribute, let value, let dnAttributes):
            "(" + (attribute ?? "") + (dnAttributes ? ":dn" : "") + (rule.map { ":" + $0 } ?? "")
                + ":=" + Self.escape(bytes: value) + ")"
        }
    }
}

private struct FilterParser {
    let bytes: [UInt8]
    var index = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    mutating func parseTopLevel() throws -> LDAPFilter {
        guard !bytes.isEmpty else { throw fail("the filter is empty") }
        let filter: LDAPFilter
        if bytes.first == UInt8(ascii: "(") {
            filter = try parseFilter(depth: 0)
        } else {
            filter = try parseItem(until: nil)
        }
        guard index == bytes.count else { throw fail("unexpected text after the filter") }
        return filter
    }

    func fail(_ reason: String) -> LDAPFilterSyntaxError {
        LDAPFilterSyntaxError(position: index, reason: reason)
    }

    var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    mutating func expect(_ byte: UInt8, _ what: String) throws {
        guard current == byte else { throw fail("expected \(what)") }
        index += 1
    }

    mutating func parseFilter(depth: Int) throws -> LDAPFilter {
        guard depth < LDAPFilter.maximumDepth else { throw fail("filters nested deeper than \(LDAPFilter.maximumDepth) levels") }
        try expect(UInt8(ascii: "("), "'('")
        let filter: LDAPFilter
        switch current {
        case UInt8(ascii: "&"):
            index += 1
            filter = .and(try parseList(depth: depth))
        case UInt8(ascii: "|"):
            index += 1
            filter = .or(try parseList(depth: depth))
        case UInt8(ascii: "!"):
            index += 1
            filter = .not(try parseFilter(depth: depth + 1))
        case nil:
            throw fail("the filter ends after '('")
        default:
            filter = try parseItem(until: UInt8(ascii: ")"))
        }
        try expect(UInt8(ascii: ")"), "')'")
        return filter
    }

    mutating func parseList(depth: Int) throws -> [LDAPFilter] {
        var filters: [LDAPFilter] = []
        while current == UInt8(ascii: "(") {
            filters.append(try parseFilter(depth: depth + 1))
        }
        return filters
    }

    /// attr ( "=" / "~=" / ">=" / "<=" ) value, present, substrings, or extensible match.
    mutating func parseItem(until terminator: UInt8?) throws -> LDAPFilter {
        let start = index
        while let byte = current, byte != UInt8(ascii: "="), byte != terminator {
            if byte == UInt8(ascii: "(") || byte == UInt8(ascii: ")") { throw fail("unexpected parenthesis in attribute") }
            index += 1
        }
        guard current == UInt8(ascii: "=") else { throw fail("expected '=' after the attribute") }
        var left = Array(bytes[start..<index])
        index += 1
        guard !left.isEmpty else { throw fail("the attribute is missing") }

        var kind = UInt8(ascii: "=")
        if let last = left.last, [UInt8(ascii: "~"), UInt8(ascii: ">"), UInt8(ascii: "<"), UInt8(ascii: ":")].contains(last) {
            kind = last
            left.removeLast()
        }
        guard let leftText = String(validating: left, as: UTF8.self), !leftText.isEmpty || kind == UInt8(ascii: ":") else {
            throw fail("the attribute is missing or not valid UTF-8")
        }
        if kind == UInt8(ascii: ":") {
            return try parseExtensible(leftText)
        }
        try validateAttribute(leftText)
        let pieces = try parseValuePieces(until: terminator)
        switch kind {
        case UInt8(ascii: "~"): return .approximate(attribute: leftText, value: try single(pieces))
        case UInt8(ascii: ">"): return .greaterOrEqual(attribute: leftText, value: try single(pieces))
        case UInt8(ascii: "<"): return .lessOrEqual(attribute: leftText, value: try single(pieces))
        default:
            if pieces.count == 1 { return .equality(attribute: leftText, value: pieces[0]) }
            if pieces.count == 2, pieces[0].isEmpty, pieces[1].isEmpty { return .present(attribute: leftText) }
            let initial = pieces.first!.isEmpty ? nil : pieces.first!
            let final = pieces.last!.isEmpty ? nil : pieces.last!
            let middle = pieces.dropFirst().dropLast()
            guard middle.allSatisfy({ !$0.isEmpty }) else { throw fail("'**' is not a valid substring pattern") }
            return .substrings(attribute: leftText, initial: initial, any: Array(middle), final: final)
        }
    }

    func single(_ pieces: [[UInt8]]) throws -> [UInt8] {
        guard pieces.count == 1 else { throw fail("'*' must be escaped as \\2a in this kind of assertion") }
        return pieces[0]
    }

    mutating func parseExtensible(_ left: String) throws -> LDAPFilter {
        var parts = left.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        let attribute = parts.removeFirst()
        var dnAttributes = false
        var rule: String?
        for part in parts {
            if part.lowercased() == "dn", !dnAttributes, rule == nil {
                dnAttributes = true
            } else if rule == nil, !part.isEmpty {
                rule = part
            } else {
                throw fail("malformed extensible match")
            }
        }
        if !attribute.isEmpty { try validateAttribute(attribute) }
        guard !attribute.isEmpty || rule != nil else { throw fail("an extensible match needs an attribute or a matching rule") }
        let pieces = try parseValuePieces(until: UInt8(ascii: ")"))
        return .extensibleMatch(matchingRule: rule, attribute: attribute.isEmpty ? nil : attribute, value: try single(pieces), dnAttributes: dnAttributes)
    }

    func validateAttribute(_ attribute: String) throws {
        let allowed = attribute.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: ";")
        }
        guard allowed else { throw fail("'\(attribute)' is not a valid attribute description") }
    }

    /// The value split at unescaped '*', each piece unescaped.
    mutating func parseValuePieces(until terminator: UInt8?) throws -> [[UInt8]] {
        var pieces: [[UInt8]] = [[]]
        while let byte = current, byte != terminator {
            switch byte {
            case UInt8(ascii: "*"):
                pieces.append([])
                index += 1
            case UInt8(ascii: "\\"):
                guard index + 2 < bytes.count,
                      let high = LDAPHex.value(ofDigit: bytes[index + 1]), let low = LDAPHex.value(ofDigit: bytes[index + 2]) else {
                    throw fail("'\\' must be followed by two hex digits")
                }
                pieces[pieces.count - 1].append(high << 4 | low)
                index += 3
            case UInt8(ascii: "("), UInt8(ascii: ")"), 0:
                throw fail("'\(Character(Unicode.Scalar(byte)))' must be escaped in a value")
            default:
                pieces[pieces.count - 1].append(byte)
                index += 1
            }
        }
        return pieces
    }
}
