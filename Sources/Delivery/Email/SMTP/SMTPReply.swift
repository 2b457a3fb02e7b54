/// One SMTP reply (RFC 5321 §4.2): a three-digit code and one or more text lines.
public struct SMTPReply: Sendable, Hashable, CustomStringConvertible {
    public var code: Int
    /// The text of each line, without code and separator.
    public var lines: [String]

    public init(code: Int, lines: [String]) {
        self.code = code
        self.lines = lines
    }

    public var isPositiveCompletion: Bool { (200...299).contains(code) }
    public var isPositiveIntermediate: Bool { (300...399).contains(code) }
    public var isTransientNegative: Bool { (400...499).contains(code) }
    public var isPermanentNegative: Bool { (500...599).contains(code) }

    /// The RFC 3463 enhanced status code at the start of the first line (`5.1.1`), if any.
    public var enhancedStatus: String? {
        guard let first = lines.first?.split(separator: " ", maxSplits: 1).first else { return nil }
        let parts = first.split(separator: ".")
        guard parts.count == 3, ["2", "4", "5"].contains(parts[0]), parts.allSatisfy({ !$0.isEmpty && $0.count <= 3 && $0.allSatisfy(\.isNumber) }) else { return nil }
        return String(first)
    }

    /// `550 5.1.1` style, for errors.
    var codeText: String { "\(code)\(enhancedStatus.map { " \($0)" } ?? "")" }

    /// The reply's text on one line.
    public var text: String { lines.joined(separator: " ") }

    public var description: String { "\(code) \(text)" }
}
