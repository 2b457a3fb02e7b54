/// Splits the server's bytes into replies: lines end in CRLF (a bare LF is tolerated), `NNN-`
/// continues a reply, `NNN ` (or `NNN` alone) ends it. Pure; the channel handler feeds it.
public struct SMTPReplyParser: Sendable {
    public static let maximumLineLength = 4096
    public static let maximumLinesPerReply = 200

    private var buffer: [UInt8] = []
    private var pending: (code: Int, lines: [String])?

    public init() {}

    /// Bytes received but not yet part of a complete reply.
    public var hasBufferedBytes: Bool { !buffer.isEmpty || pending != nil }

    /// The replies completed by `bytes`. Throws `unexpectedResponse` on anything that is not SMTP.
    public mutating func feed(_ bytes: [UInt8]) throws(DeliveryError) -> [SMTPReply] {
        buffer += bytes
        var replies: [SMTPReply] = []
        while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
            var line = Array(buffer[..<newline])
            buffer.removeSubrange(...newline)
            if line.last == UInt8(ascii: "\r") { line.removeLast() }
            if let reply = try take(line) { replies.append(reply) }
        }
        guard buffer.count <= Self.maximumLineLength else {
            throw Self.malformed("a reply line longer than \(Self.maximumLineLength) bytes")
        }
        return replies
    }

    private mutating func take(_ line: [UInt8]) throws(DeliveryError) -> SMTPReply? {
        guard line.count <= Self.maximumLineLength else { throw Self.malformed("a reply line longer than \(Self.maximumLineLength) bytes") }
        guard line.count >= 3, line[0...2].allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
              let code = Int(String(decoding: line[0...2], as: UTF8.self)), (200...599).contains(code)
        else { throw Self.malformed("a line that does not start with a reply code") }
        let separator: UInt8? = line.count > 3 ? line[3] : nil
        guard separator == nil || separator == UInt8(ascii: " ") || separator == UInt8(ascii: "-") else {
            throw Self.malformed("a reply code followed by neither space nor hyphen")
        }
        let text = line.count > 4 ? String(decoding: line[4...], as: UTF8.self) : ""
        var current = pending ?? (code, [])
        guard current.code == code else { throw Self.malformed("a multi-line reply whose lines have different codes") }
        current.lines.append(text)
        guard current.lines.count <= Self.maximumLinesPerReply else { throw Self.malformed("a reply with too many lines") }
        if separator == UInt8(ascii: "-") {
            pending = current
            return nil
        }
        pending = nil
        return SMTPReply(code: current.code, lines: current.lines)
    }

    private static func malformed(_ what: String) -> DeliveryError {
        DeliveryError(.unexpectedResponse, provider: .smtp, detail: "the server sent \(what)")
    }
}
