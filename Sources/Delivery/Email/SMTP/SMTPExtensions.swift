/// What a server announced in its EHLO reply (RFC 5321 §4.1.1.1), as far as Firstkey cares.
struct SMTPExtensions: Sendable, Hashable {
    var startTLS = false
    var authMechanisms: [String] = []
    var smtpUTF8 = false
    /// Largest message the server takes (SIZE), 0 = no limit announced.
    var maximumSize = 0

    init() {}

    /// The first line greets; each further line is `KEYWORD [params]`. `AUTH=…` is the legacy form.
    init(ehlo reply: SMTPReply) {
        for line in reply.lines.dropFirst() {
            let words = line.split(separator: " ").map { $0.uppercased() }
            guard let keyword = words.first else { continue }
            switch keyword {
            case "STARTTLS": startTLS = true
            case "SMTPUTF8": smtpUTF8 = true
            case "SIZE": maximumSize = words.dropFirst().first.flatMap { Int($0) } ?? 0
            case "AUTH": authMechanisms += words.dropFirst()
            default:
                if keyword.hasPrefix("AUTH=") { authMechanisms += [String(keyword.dropFirst(5))] + words.dropFirst() }
            }
        }
    }
}
