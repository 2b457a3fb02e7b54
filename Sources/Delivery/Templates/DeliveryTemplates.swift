import Mustache

/// A compiled set of message templates: the built-in ones, optionally with an administrator's
/// replacements. Rendering never fails on content: what a template may show is decided by the
/// message kind (`DeliveryMessageKind.allowedContent`), and the context a template gets holds
/// nothing else.
public struct DeliveryTemplates: Sendable {
    private struct Compiled: Sendable {
        var subject: MustacheTemplate?
        var text: MustacheTemplate
        var html: MustacheTemplate?
    }

    private let compiled: [DeliveryTemplateKey: Compiled]
    private let library: MustacheLibrary

    /// The built-in templates with `overrides` replacing some of them. Throws `invalidTemplate`
    /// for a template that does not parse, an SMS template with a subject or HTML part, or an
    /// e-mail template without a subject.
    public init(overrides: [DeliveryTemplateKey: DeliveryTemplateSource] = [:]) throws(DeliveryError) {
        var library = MustacheLibrary()
        do {
            try library.register(BuiltInTemplates.htmlLayout, named: BuiltInTemplates.layoutName)
        } catch {
            throw DeliveryError(.invalidTemplate, detail: "the built-in HTML layout does not parse: \(error)")
        }
        var compiled: [DeliveryTemplateKey: Compiled] = [:]
        for (key, source) in BuiltInTemplates.sources.merging(overrides, uniquingKeysWith: { _, override in override }) {
            compiled[key] = try Self.compile(source, key: key)
        }
        self.compiled = compiled
        self.library = library
    }

    /// Every key with a template.
    public var keys: [DeliveryTemplateKey] {
        compiled.keys.sorted { ($0.kind.rawValue, $0.format.rawValue, $0.language.code) < ($1.kind.rawValue, $1.format.rawValue, $1.language.code) }
    }

    /// The template for `key`, else the same kind and format in English.
    func template(for key: DeliveryTemplateKey) -> DeliveryTemplateKey? {
        if compiled[key] != nil { return key }
        let english = DeliveryTemplateKey(key.kind, key.format, .english)
        return compiled[english] != nil ? english : nil
    }

    /// Renders `key` (or its English fallback) with `context`, a dictionary of plain values.
    func render(_ key: DeliveryTemplateKey, context: [String: Any]) throws(DeliveryError) -> RenderedDeliveryBody {
        guard let resolved = template(for: key), let template = compiled[resolved] else {
            throw DeliveryError(.invalidTemplate, detail: "there is no template for \(key)")
        }
        var context = context
        context["language"] = resolved.language.code
        let text = template.text.render(context, library: library)
        let subject = template.subject.map { $0.render(context, library: library) }
        let html = template.html.map { $0.render(context, library: library) }
        switch key.format {
        case .sms:
            return RenderedDeliveryBody(subject: nil, text: Self.normalizedSMS(text), html: nil)
        case .email:
            return RenderedDeliveryBody(
                subject: subject.map(Self.normalizedSMS), text: Self.normalizedText(text), html: html.map(Self.normalizedHTML))
        }
    }

    private static func compile(_ source: DeliveryTemplateSource, key: DeliveryTemplateKey) throws(DeliveryError) -> Compiled {
        switch key.format {
        case .sms where source.subject != nil || source.html != nil:
            throw DeliveryError(.invalidTemplate, detail: "the SMS template \(key) has a subject or an HTML part")
        case .email where source.subject == nil || source.html == nil:
            throw DeliveryError(.invalidTemplate, detail: "the e-mail template \(key) needs a subject, a text and an HTML part")
        default: break
        }
        func parse(_ text: String, plain: Bool, part: String) throws(DeliveryError) -> MustacheTemplate {
            do {
                // Plain parts must not HTML-escape (an SMS would show "&amp;").
                return try MustacheTemplate(string: plain ? "{{% CONTENT_TYPE: TEXT}}" + text : text)
            } catch {
                throw DeliveryError(.invalidTemplate, detail: "the \(part) of \(key) does not parse: \(error)")
            }
        }
        return Compiled(
            subject: try source.subject.map { s throws(DeliveryError) in try parse(s, plain: true, part: "subject") },
            text: try parse(source.text, plain: true, part: "text"),
            html: try source.html.map { h throws(DeliveryError) in try parse(h, plain: false, part: "HTML part") })
    }

    /// One line, single spaces: sections that render empty leave double spaces behind.
    static func normalizedSMS(_ text: String) -> String {
        text.split(whereSeparator: { $0 == " " || $0.isNewline || $0 == "\t" }).joined(separator: " ")
    }

    /// Trailing spaces removed, at most one empty line in a row, no leading or trailing empty lines.
    static func normalizedText(_ text: String) -> String {
        var lines: [Substring] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = line
            while line.last == " " || line.last == "\t" || line.last == "\r" { line.removeLast() }
            if line.isEmpty, lines.last?.isEmpty ?? true { continue }
            lines.append(line)
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines.joined(separator: "\n")
    }

    /// Blank lines left by standalone tags removed.
    static func normalizedHTML(_ html: String) -> String {
        html.split(separator: "\n", omittingEmptySubsequences: true)
            .filter { !$0.allSatisfy(\.isWhitespace) }
            .joined(separator: "\n")
    }
}
