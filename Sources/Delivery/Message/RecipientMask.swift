/// Hides most of a phone number or address; what is left is enough to tell two apart in a log.
enum RecipientMask {
    static func mask(_ recipient: String) -> String {
        if let at = recipient.lastIndex(of: "@") {
            let local = recipient[..<at]
            return "\(local.prefix(1))•••\(recipient[at...])"
        }
        let characters = Array(recipient)
        guard characters.count > 5 else { return String(repeating: "•", count: characters.count) }
        return String(characters.prefix(3)) + String(repeating: "•", count: characters.count - 5) + String(characters.suffix(2))
    }
}
