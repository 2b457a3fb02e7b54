import Delivery
import Foundation
import Onboarding

/// Renders ``PickupScreen``s as complete HTML documents: no script, no inline style, one
/// stylesheet from this server, every dynamic value escaped.
struct PickupRenderer: Sendable {
    let organization: String
    let helpContact: String
    let timeZone: TimeZone

    func html(_ screen: PickupScreen, language: DeliveryLanguage) -> String {
        let text = PickupText(language)
        switch screen {
        case .form(let form):
            return document(text, title: text.formHeading(form.credential), languageSwitch: true, footer: true, body: self.form(form, text))
        case .secret(let secret):
            let credential: PickupCredential = secret.kind == .temporaryAccessPass ? .temporaryAccessPass : .temporaryPassword
            // No language switch: following it would leave the page, and the secret is gone.
            return document(text, title: text.secretHeading(credential), languageSwitch: false, footer: true, body: self.secret(secret, credential, text))
        case .notice(let notice, let expiry):
            let heading = text.noticeHeading(notice)
            var body = "<h1>\(escape(heading))</h1>\n"
            body += "<p>\(escape(text.noticeBody(notice, helpContact: helpContact, expiry: expiry.map { text.date($0, timeZone: timeZone) })))</p>\n"
            if notice == .reload {
                // An empty reference is this page's own address: a GET, which never changes anything.
                body += "<p><a class=\"button\" href=\"\">\(escape(text.reloadLink))</a></p>\n"
            }
            // Every notice names the contact itself: no footer repeating it.
            return document(text, title: heading, languageSwitch: notice != .unavailable, footer: false, body: body)
        }
    }

    private func form(_ form: PickupForm, _ text: PickupText) -> String {
        var describedBy = "code-hint"
        var html = "<h1>\(escape(text.formHeading(form.credential)))</h1>\n"
        html += "<p>\(escape(text.formIntroduction(form.credential)))</p>\n"
        if let message = form.message {
            describedBy += " code-message"
            html += "<div class=\"message \(message.isError ? "error" : "hint")\" id=\"code-message\" role=\"alert\"><p>\(escape(text.message(message)))</p></div>\n"
        }
        html += """
            <form method="post" action="\(escape(form.action))" class="pickup">
            <input type="hidden" name="form" value="\(escape(form.formToken))">
            <label for="code">\(escape(text.codeLabel))</label>
            <p class="hint" id="code-hint">\(escape(text.codeHint))</p>
            <input type="text" id="code" name="code" inputmode="numeric" autocomplete="one-time-code" maxlength="32" \
            spellcheck="false" autocapitalize="off" required autofocus aria-describedby="\(describedBy)"\(form.message?.isError == true ? " aria-invalid=\"true\"" : "")>
            <button type="submit">\(escape(text.submit(form.credential)))</button>
            </form>
            <p class="small">\(escape(text.formFootnote(organization)))</p>

            """
        return html
    }

    private func secret(_ secret: PickupSecret, _ credential: PickupCredential, _ text: PickupText) -> String {
        var html = "<h1>\(escape(text.secretHeading(credential)))</h1>\n"
        let groups = Self.readingGroups(secret.value)
        html += "<p class=\"secret\" translate=\"no\">\(groups.map { "<span class=\"group\">\(escape($0))</span>" }.joined())</p>\n"
        html += "<p class=\"small\">\(escape(groups.count > 1 ? text.typeWithoutSpaces : text.caseSensitive))</p>\n"
        if credential == .temporaryAccessPass, let validity = text.validity(from: secret.validFrom.map { text.date($0, timeZone: timeZone) },
                                                                             until: secret.validUntil.map { text.date($0, timeZone: timeZone) }) {
            html += "<p class=\"validity\">\(escape(validity))</p>\n"
        }
        html += "<div class=\"message note\"><p>\(escape(text.shownOnce(credential)))</p></div>\n"
        html += "<h2>\(escape(text.howToUse))</h2>\n"
        switch credential {
        case .temporaryPassword:
            html += "<p>\(escape(text.passwordInstructions))</p>\n"
        case .temporaryAccessPass:
            let steps = text.passSteps
            html += "<ol>\n<li>\(escape(steps.beforeLink))<a href=\"\(PickupText.securityInfoAddress)\">\(PickupText.securityInfoLabel)</a>\(escape(steps.afterLink))</li>\n"
            html += steps.rest.map { "<li>\(escape($0))</li>\n" }.joined() + "</ol>\n"
        }
        html += "<p>\(escape(text.nobodyAsks(organization)))</p>\n"
        return html
    }

    private func document(_ text: PickupText, title: String, languageSwitch: Bool, footer: Bool, body: String) -> String {
        var header = "<header class=\"top\"><span class=\"organization\">\(escape(organization))</span>"
        if languageSwitch {
            let other = text.otherLanguage
            header += "<a class=\"language\" href=\"?lang=\(other.language.code)\" hreflang=\"\(other.language.code)\" lang=\"\(other.language.code)\">\(escape(other.name))</a>"
        }
        header += "</header>"
        return """
            <!DOCTYPE html>
            <html lang="\(text.language.code)">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="robots" content="noindex, nofollow">
            <meta name="referrer" content="no-referrer">
            <title>\(escape(title)) – \(escape(organization))</title>
            <link rel="stylesheet" href="\(PickupStylesheet.path)">
            </head>
            <body>
            \(header)
            <main>
            \(body)</main>
            \(footer ? "<footer><p>\(escape(text.questions(helpContact)))</p></footer>\n" : "")</body>
            </html>

            """
    }

    /// Groups of four for reading a random string aloud or typing it from another screen. A
    /// value with its own separators (a passphrase) is shown as it is.
    static func readingGroups(_ value: String) -> [String] {
        guard value.count > 6, !value.contains(where: { $0.isWhitespace || $0 == "-" }) else { return [value] }
        var groups: [String] = []
        var rest = Substring(value)
        while !rest.isEmpty {
            groups.append(String(rest.prefix(4)))
            rest = rest.dropFirst(4)
        }
        return groups
    }

    /// Text and attribute values, escaped for HTML.
    static func escape(_ text: String) -> String {
        // Most text has nothing to escape: keep it as it is.
        guard text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else { return text }
        var output = ""
        output.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&#39;"
            default: output.append(character)
            }
        }
        return output
    }

    private func escape(_ text: String) -> String { Self.escape(text) }
}
