/// A message for `sendMail` (§8). Graph queues it (202) and says nothing about delivery.
public struct MailMessage: Sendable, Hashable {
    public enum Body: Sendable, Hashable {
        case text(String)
        case html(String)
    }

    /// A custom header; Graph accepts only names starting with `x-`.
    public struct Header: Sendable, Hashable {
        public var name: String
        public var value: String

        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    public var subject: String
    public var body: Body
    public var toRecipients: [String]
    public var ccRecipients: [String]
    public var internetMessageHeaders: [Header]

    public init(subject: String, body: Body, to toRecipients: [String], cc ccRecipients: [String] = [], headers: [Header] = []) {
        self.subject = subject
        self.body = body
        self.toRecipients = toRecipients
        self.ccRecipients = ccRecipients
        self.internetMessageHeaders = headers
    }

    /// Why Graph would refuse it, checked before sending.
    var problem: String? {
        if toRecipients.isEmpty { return "a message needs at least one recipient" }
        for address in toRecipients + ccRecipients where !address.contains("@") || address.contains(where: \.isWhitespace) {
            return "'\(address)' is not an email address"
        }
        for header in internetMessageHeaders where !header.name.lowercased().hasPrefix("x-") {
            return "custom header '\(header.name)' must start with 'x-'"
        }
        return nil
    }

    struct Request: Encodable {
        struct Message: Encodable {
            var subject: String
            var body: ItemBody
            var toRecipients: [Recipient]
            var ccRecipients: [Recipient]
            var internetMessageHeaders: [HeaderBody]?
        }

        struct ItemBody: Encodable {
            var contentType: String
            var content: String
        }

        struct Recipient: Encodable {
            struct Address: Encodable { var address: String }
            var emailAddress: Address
        }

        struct HeaderBody: Encodable {
            var name: String
            var value: String
        }

        var message: Message
        var saveToSentItems: Bool
    }

    func request(saveToSentItems: Bool) -> Request {
        let itemBody: Request.ItemBody
        switch body {
        case .text(let content): itemBody = .init(contentType: "Text", content: content)
        case .html(let content): itemBody = .init(contentType: "HTML", content: content)
        }
        return Request(
            message: .init(
                subject: subject, body: itemBody,
                toRecipients: toRecipients.map { .init(emailAddress: .init(address: $0)) },
                ccRecipients: ccRecipients.map { .init(emailAddress: .init(address: $0)) },
                internetMessageHeaders: internetMessageHeaders.isEmpty ? nil : internetMessageHeaders.map { .init(name: $0.name, value: $0.value) }),
            saveToSentItems: saveToSentItems)
    }
}
