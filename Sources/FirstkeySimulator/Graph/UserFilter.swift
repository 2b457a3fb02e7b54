import Foundation
import HTTPTypes

/// A parsed OData `$filter` over users: comparisons, `in`, `startsWith`/`endsWith`,
/// `collection/any(x:x eq …)`, `and`/`or`/`not`, parentheses.
indirect enum UserFilter: Sendable {
    enum Operator: String, Sendable { case eq, ne, ge, le, gt, lt }
    enum Function: String, Sendable { case startsWith, endsWith }

    enum Literal: Sendable, Equatable {
        case string(String)
        case boolean(Bool)
        case null
        case number(Double)
        case dateTimeOffset(Date)
        /// A date without time (`2024-01-31`): OData's Edm.Date.
        case date(String)

        var edmType: String {
            switch self {
            case .string: "Edm.String"
            case .boolean: "Edm.Boolean"
            case .null: "null"
            case .number: "Edm.Int32"
            case .dateTimeOffset: "Edm.DateTimeOffset"
            case .date: "Edm.Date"
            }
        }
    }

    case comparison(property: String, op: Operator, literal: Literal)
    case membership(property: String, literals: [Literal])
    case function(Function, property: String, literal: Literal)
    /// `otherMails/any(x:x eq 'a')` or `…/any(x:startsWith(x,'a'))`.
    case any(property: String, function: Function?, literal: Literal)
    case and(UserFilter, UserFilter)
    case or(UserFilter, UserFilter)
    case not(UserFilter)

    /// Parses `$filter` text; a syntax error is Graph's 400 `BadRequest` "Invalid filter clause".
    static func parse(_ text: String) throws(GraphError) -> UserFilter {
        var parser = UserFilterParser(text: text)
        do throws(UserFilterParser.SyntaxError) {
            let filter = try parser.parseExpression()
            guard parser.atEnd else { throw UserFilterParser.SyntaxError(position: parser.position) }
            return filter
        } catch {
            throw GraphError(.badRequest, "BadRequest", "Invalid filter clause: Syntax error at position \(error.position) in '\(text)'.")
        }
    }
}

/// Recursive descent over `$filter` tokens.
struct UserFilterParser {
    struct SyntaxError: Error { var position: Int }

    enum Token: Equatable {
        case word(String)
        case string(String)
        case number(String)
        case punctuation(Character)
    }

    private var tokens: [(token: Token, position: Int)] = []
    private var index = 0
    private var tokenizeError: Int?

    init(text: String) {
        let characters = Array(text)
        var offset = 0
        while offset < characters.count {
            let character = characters[offset]
            if character == " " { offset += 1; continue }
            let start = offset
            if character == "'" {
                var value = ""
                offset += 1
                var closed = false
                while offset < characters.count {
                    if characters[offset] == "'" {
                        if offset + 1 < characters.count, characters[offset + 1] == "'" {
                            value.append("'")
                            offset += 2
                            continue
                        }
                        closed = true
                        offset += 1
                        break
                    }
                    value.append(characters[offset])
                    offset += 1
                }
                if !closed { tokenizeError = start; return }
                tokens.append((.string(value), start))
            } else if "(),:/".contains(character) {
                tokens.append((.punctuation(character), start))
                offset += 1
            } else if character.isNumber || (character == "-" && offset + 1 < characters.count && characters[offset + 1].isNumber) {
                var value = ""
                while offset < characters.count, characters[offset].isNumber || "-:.TZ+".contains(characters[offset]) {
                    value.append(characters[offset])
                    offset += 1
                }
                tokens.append((.number(value), start))
            } else if character.isLetter || character == "_" || character == "$" {
                var value = ""
                while offset < characters.count, characters[offset].isLetter || characters[offset].isNumber || characters[offset] == "_" || characters[offset] == "." {
                    value.append(characters[offset])
                    offset += 1
                }
                tokens.append((.word(value), start))
            } else {
                tokenizeError = start
                return
            }
        }
    }

    var atEnd: Bool { index >= tokens.count && tokenizeError == nil }
    var position: Int { tokenizeError ?? (index < tokens.count ? tokens[index].position : tokens.last.map { $0.position + 1 } ?? 0) }

    private func peek(_ ahead: Int = 0) -> Token? { index + ahead < tokens.count ? tokens[index + ahead].token : nil }

    private mutating func next() throws(SyntaxError) -> Token {
        if let tokenizeError { throw SyntaxError(position: tokenizeError) }
        guard index < tokens.count else { throw SyntaxError(position: position) }
        defer { index += 1 }
        return tokens[index].token
    }

    private mutating func expect(_ token: Token) throws(SyntaxError) {
        let position = self.position
        guard try next() == token else { throw SyntaxError(position: position) }
    }

    private func isKeyword(_ token: Token?, _ keyword: String) -> Bool {
        if case .word(let word) = token { return word.lowercased() == keyword }
        return false
    }

    mutating func parseExpression() throws(SyntaxError) -> UserFilter {
        if let tokenizeError { throw SyntaxError(position: tokenizeError) }
        var left = try parseAnd()
        while isKeyword(peek(), "or") {
            index += 1
            left = .or(left, try parseAnd())
        }
        return left
    }

    private mutating func parseAnd() throws(SyntaxError) -> UserFilter {
        var left = try parseUnary()
        while isKeyword(peek(), "and") {
            index += 1
            left = .and(left, try parseUnary())
        }
        return left
    }

    private mutating func parseUnary() throws(SyntaxError) -> UserFilter {
        if isKeyword(peek(), "not") {
            index += 1
            return .not(try parseUnary())
        }
        return try parsePrimary()
    }

    private mutating func parsePrimary() throws(SyntaxError) -> UserFilter {
        let position = self.position
        let token = try next()
        switch token {
        case .punctuation("("):
            let inner = try parseExpression()
            try expect(.punctuation(")"))
            return inner
        case .word(let word):
            if let function = UserFilter.Function(rawValue: word), peek() == .punctuation("(") {
                index += 1
                guard case .word(let property) = try next() else { throw SyntaxError(position: position) }
                try expect(.punctuation(","))
                let literal = try parseLiteral()
                try expect(.punctuation(")"))
                return .function(function, property: property, literal: literal)
            }
            if peek() == .punctuation("/") {
                index += 1
                guard isKeyword(peek(), "any") else { throw SyntaxError(position: self.position) }
                index += 1
                try expect(.punctuation("("))
                guard case .word(let variable) = try next() else { throw SyntaxError(position: position) }
                try expect(.punctuation(":"))
                let result: UserFilter
                if case .word(let name) = peek(), let function = UserFilter.Function(rawValue: name) {
                    index += 1
                    try expect(.punctuation("("))
                    try expect(.word(variable))
                    try expect(.punctuation(","))
                    result = .any(property: word, function: function, literal: try parseLiteral())
                    try expect(.punctuation(")"))
                } else {
                    try expect(.word(variable))
                    guard isKeyword(peek(), "eq") else { throw SyntaxError(position: self.position) }
                    index += 1
                    result = .any(property: word, function: nil, literal: try parseLiteral())
                }
                try expect(.punctuation(")"))
                return result
            }
            let operatorPosition = self.position
            guard case .word(let operatorWord) = try next() else { throw SyntaxError(position: operatorPosition) }
            if operatorWord.lowercased() == "in" {
                try expect(.punctuation("("))
                var literals = [try parseLiteral()]
                while peek() == .punctuation(",") {
                    index += 1
                    literals.append(try parseLiteral())
                }
                try expect(.punctuation(")"))
                return .membership(property: word, literals: literals)
            }
            guard let op = UserFilter.Operator(rawValue: operatorWord.lowercased()) else { throw SyntaxError(position: operatorPosition) }
            return .comparison(property: word, op: op, literal: try parseLiteral())
        default:
            throw SyntaxError(position: position)
        }
    }

    private mutating func parseLiteral() throws(SyntaxError) -> UserFilter.Literal {
        let position = self.position
        switch try next() {
        case .string(let value): return .string(value)
        case .word(let word):
            switch word.lowercased() {
            case "true": return .boolean(true)
            case "false": return .boolean(false)
            case "null": return .null
            default: throw SyntaxError(position: position)
            }
        case .number(let text):
            if text.count == 10, text.filter({ $0 == "-" }).count == 2, GraphDate.parse(text) != nil { return .date(text) }
            if text.contains("T"), let date = GraphDate.parse(text) { return .dateTimeOffset(date) }
            if let number = Double(text) { return .number(number) }
            throw SyntaxError(position: position)
        case .punctuation:
            throw SyntaxError(position: position)
        }
    }
}
