public import Foundation
public import Onboarding

/// What `firstkey … preview` shows: every message a mode sends, rendered with sample values, with
/// its route, subject, text, HTML size and, for SMS, the encoding and segment count. Modes whose
/// hires may use the first-password portal (self-service, TAP) also show the password-set notice,
/// which is sent on its own once the portal has set the password. The sample
/// values are obviously fake (a `…example…` link, code `EXAMPLE-CODE`), never a case's.
public struct DeliveryPreview: Sendable {
    public struct Entry: Sendable, Hashable {
        public var kind: DeliveryMessageKind
        public var route: DeliveryRoute
        public var language: DeliveryLanguage
        public var body: RenderedDeliveryBody
        /// For SMS and webhook routes.
        public var smsEncoding: SMSEncoding?
    }

    public var plan: DeliveryPlan
    /// The password-set notice's routes for the sample recipients; empty for temporary password.
    public var passwordSetNoticeRoutes: [DeliveryRoute]
    public var entries: [Entry]

    /// Sample addresses the preview plans for (every destination present).
    public static let sampleRecipients = Recipients(mobilePhone: "+491701234567", privateEmail: "kathy.private@example.org", managerEmail: "manager@example.com")

    /// Sample content: `username` or `kathy.example@contoso.com`, link `https://firstkey.example.com/pickup/EXAMPLE-LINK-TOKEN`.
    public static func sampleContent(
        username: String = "kathy.example@contoso.com", portalLink: URL? = URL(string: "https://firstkey.example.com/portal"),
        hireLanguage: DeliveryLanguage, managerLanguage: DeliveryLanguage, now: Date = Date()
    ) -> DeliveryContent {
        DeliveryContent(
            username: username, displayName: "Kathy Example", pickupLink: URL(string: "https://firstkey.example.com/pickup/EXAMPLE-LINK-TOKEN"),
            pickupCode: "EXAMPLE-CODE", pickupExpiresAt: now.addingTimeInterval(3 * 86_400), portalLink: portalLink,
            hireDate: now.addingTimeInterval(7 * 86_400), hireLanguage: hireLanguage, managerLanguage: managerLanguage, passwordSetAt: now)
    }

    /// Plans `mode` for the sample recipients over `channels` and renders every route of every
    /// message (fallbacks included), or throws the policy's refusal.
    public init(
        mode: DeliveryMode, channels: Set<DeliveryChannelKind>, options: DeliveryPlanOptions = DeliveryPlanOptions(),
        composer: DeliveryComposer, content: DeliveryContent
    ) throws {
        plan = try DeliveryPolicy.plan(DeliveryPlanRequest(mode: mode, recipients: Self.sampleRecipients, channels: channels, options: options))
        var entries: [Entry] = []
        for message in plan.messages {
            let language = message.kind.audience == .manager ? content.managerLanguage : content.hireLanguage
            var formatsDone: Set<DeliveryTemplateFormat> = []
            for route in message.routes {
                let format = DeliveryTemplateFormat(channel: route.channel)
                guard formatsDone.insert(format).inserted else { continue }
                let body = try composer.render(message.kind, format: format, language: language, plan: plan, content: content)
                entries.append(Entry(kind: message.kind, route: route, language: language, body: body, smsEncoding: format == .sms ? SMSEncoding(body.text) : nil))
            }
        }
        passwordSetNoticeRoutes = mode == .temporaryPassword ? [] : DeliveryPolicy.passwordSetNoticeRoutes(recipients: Self.sampleRecipients, channels: channels)
        for route in passwordSetNoticeRoutes {
            let format = DeliveryTemplateFormat(channel: route.channel)
            let body = try composer.render(.passwordSetNotice, format: format, language: content.hireLanguage, plan: nil, content: content)
            entries.append(Entry(kind: .passwordSetNotice, route: route, language: content.hireLanguage, body: body,
                                 smsEncoding: format == .sms ? SMSEncoding(body.text) : nil))
        }
        self.entries = entries
    }

    /// The preview as text for a terminal.
    public var text: String {
        var lines = ["Delivery plan for \(plan.mode.rawValue) (sample recipients):"]
        for message in plan.messages {
            lines.append("  \(message.kind): " + message.routes.map { "\($0.channel) to \($0.destination)" }.joined(separator: ", fallback "))
        }
        if !passwordSetNoticeRoutes.isEmpty {
            lines.append("  \(DeliveryMessageKind.passwordSetNotice) (on its own, once the portal has set the password): "
                + passwordSetNoticeRoutes.map { "\($0.channel) to \($0.destination)" }.joined(separator: ", fallback "))
        }
        lines += plan.notes.map { "  note: \($0)" }
        for entry in entries {
            lines.append("")
            lines.append("── \(entry.kind) · \(DeliveryTemplateFormat(channel: entry.route.channel)) to \(entry.route.destination) · \(entry.language) ──")
            if let subject = entry.body.subject { lines.append("Subject: \(subject)") }
            lines.append(entry.body.text)
            if let html = entry.body.html { lines.append("[HTML part: \(html.utf8.count) bytes]") }
            if let encoding = entry.smsEncoding {
                var note = "[SMS: \(encoding)"
                if encoding.alphabet == .ucs2 { note += "; not GSM-7 because of " + encoding.nonGSMCharacters.map { "'\($0)'" }.joined(separator: " ") }
                lines.append(note + "]")
            }
        }
        return lines.joined(separator: "\n")
    }
}
