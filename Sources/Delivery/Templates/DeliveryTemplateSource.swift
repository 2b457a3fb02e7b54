/// The Mustache source of one template. SMS templates have only `text`; e-mail templates have a
/// subject, a text part and an HTML part. `text` and `subject` are rendered as plain text (no
/// escaping); `html` is HTML-escaped and may use the layout (`{{<html-layout}}…{{/html-layout}}`).
public struct DeliveryTemplateSource: Sendable, Hashable, Codable {
    public var subject: String?
    public var text: String
    public var html: String?

    public init(subject: String? = nil, text: String, html: String? = nil) {
        self.subject = subject
        self.text = text
        self.html = html
    }
}
