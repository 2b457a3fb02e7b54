public import Foundation
import Onboarding

/// Turns a plan and a case's content into messages: picks the template for each message's kind,
/// format and language, hands it only the values that kind may carry, and checks the result once
/// more before anything leaves (a pickup code that is part of the username, or a link that holds
/// the code, would otherwise travel with it).
public struct DeliveryComposer: Sendable {
    public var templates: DeliveryTemplates
    /// Shown in every message (sender, subject lines).
    public var organizationName: String
    /// Where a hire or manager gets help, e.g. "the IT service desk (+49 30 1234-5678)".
    public var helpContact: String?
    /// The time zone dates and the pickup deadline are shown in.
    public var timeZone: TimeZone

    public init(templates: DeliveryTemplates, organizationName: String, helpContact: String? = nil, timeZone: TimeZone = .current) {
        self.templates = templates
        self.organizationName = organizationName
        self.helpContact = helpContact
        self.timeZone = timeZone
    }

    /// The first-route message of every planned message, in the plan's order.
    public func messages(
        for plan: DeliveryPlan, content: DeliveryContent, idempotencyKey: DeliveryIdempotencyKey, tag: String, firstAttemptAt: Date
    ) throws(DeliveryError) -> [DeliveryMessage] {
        var messages: [DeliveryMessage] = []
        for planned in plan.messages {
            messages.append(try message(planned.kind, of: plan, content: content, idempotencyKey: idempotencyKey, tag: tag, firstAttemptAt: firstAttemptAt))
        }
        return messages
    }

    /// The message for `kind` over `route` (default: its primary route; pass
    /// `plan.nextRoute(for:after:)` to fall back). Its idempotency key is
    /// `idempotencyKey/<kind>/<channel>`, so every route is its own message to its provider.
    public func message(
        _ kind: DeliveryMessageKind, of plan: DeliveryPlan, via route: DeliveryRoute? = nil, content: DeliveryContent,
        idempotencyKey: DeliveryIdempotencyKey, tag: String, firstAttemptAt: Date
    ) throws(DeliveryError) -> DeliveryMessage {
        guard let planned = plan.message(kind) else {
            throw DeliveryError(.invalidMessage, detail: "the plan has no \(kind) message")
        }
        let route = route ?? planned.primaryRoute
        guard planned.routes.contains(route) else {
            throw DeliveryError(.invalidMessage, detail: "\(route) is not a route of the \(kind) message")
        }
        let language = kind.audience == .manager ? content.managerLanguage : content.hireLanguage
        let format = DeliveryTemplateFormat(channel: route.channel)
        let body = try render(kind, format: format, language: language, plan: plan, content: content)
        return DeliveryMessage(
            channel: route.channel, recipient: route.address, subject: body.subject, text: body.text, html: body.html,
            language: templates.template(for: DeliveryTemplateKey(kind, format, language))?.language ?? .english,
            idempotencyKey: idempotencyKey.appending(kind.rawValue).appending(route.channel.rawValue), tag: tag, kind: kind,
            firstAttemptAt: firstAttemptAt, sensitiveValues: content.sensitiveValues)
    }

    /// The password-set notice over `route` (one of `DeliveryPolicy.passwordSetNoticeRoutes`): it
    /// belongs to no plan, so the route is checked here, and it may only reach the hire. Its
    /// idempotency key is `idempotencyKey/password-set-notice/<channel>`, like a planned message's.
    public func passwordSetNotice(
        via route: DeliveryRoute, content: DeliveryContent, idempotencyKey: DeliveryIdempotencyKey, tag: String, firstAttemptAt: Date
    ) throws(DeliveryError) -> DeliveryMessage {
        let kind = DeliveryMessageKind.passwordSetNotice
        guard route.destination.audience == kind.audience, route.channel.addressesMobilePhone == route.destination.isMobilePhone else {
            throw DeliveryError(.invalidMessage, detail: "the \(kind) message may not take the route \(route)")
        }
        let format = DeliveryTemplateFormat(channel: route.channel)
        let body = try render(kind, format: format, language: content.hireLanguage, plan: nil, content: content)
        return DeliveryMessage(
            channel: route.channel, recipient: route.address, subject: body.subject, text: body.text, html: body.html,
            language: templates.template(for: DeliveryTemplateKey(kind, format, content.hireLanguage))?.language ?? .english,
            idempotencyKey: idempotencyKey.appending(kind.rawValue).appending(route.channel.rawValue), tag: tag, kind: kind,
            firstAttemptAt: firstAttemptAt, sensitiveValues: content.sensitiveValues)
    }

    /// Renders one message body, checked against the kind's content rules. `plan` is the case's
    /// delivery plan; only kinds that are never planned (`isPlanned`) are rendered without one.
    public func render(
        _ kind: DeliveryMessageKind, format: DeliveryTemplateFormat, language: DeliveryLanguage, plan: DeliveryPlan?, content: DeliveryContent
    ) throws(DeliveryError) -> RenderedDeliveryBody {
        let context = try context(for: kind, language: language, plan: plan, content: content)
        let body = try templates.render(DeliveryTemplateKey(kind, format, language), context: context)
        try checkNothingForbidden(in: body, kind: kind, content: content)
        return body
    }

    // MARK: Context

    private func context(for kind: DeliveryMessageKind, language: DeliveryLanguage, plan: DeliveryPlan?, content: DeliveryContent) throws(DeliveryError) -> [String: Any] {
        let allowed = kind.allowedContent
        var context: [String: Any] = ["organization": organizationName]
        if kind.isPlanned, plan == nil {
            throw DeliveryError(.invalidMessage, detail: "the \(kind) message is made from the case's delivery plan, and none was given")
        }

        if allowed.contains(.instructions), let helpContact, !helpContact.isEmpty {
            context["helpContact"] = helpContact
        }
        // The rest of the instructions describe the case's plan; a kind sent on its own gets none.
        if allowed.contains(.instructions), let plan {
            if let hireDate = content.hireDate {
                context["hireDate"] = DeliveryDateFormatting.format(hireDate, .day, language: language, timeZone: timeZone)
            }
            context["temporaryPassword"] = plan.mode == .temporaryPassword
            context["temporaryAccessPass"] = plan.mode == .tap
            context["selfService"] = plan.mode == .selfService
            context["pickup"] = plan.mode != .selfService
            let link = plan.message(.pickupLink)?.primaryRoute.destination
            let code = plan.message(.pickupCode)?.primaryRoute.destination
            let invitation = plan.message(.portalInvitation)?.primaryRoute.destination
            context["linkBySMS"] = link == .hireMobilePhone
            context["linkByEmail"] = link == .hirePrivateEmail
            context["codeBySMS"] = code == .hireMobilePhone
            context["codeByEmail"] = code == .hirePrivateEmail
            context["invitationSent"] = invitation != nil
            context["invitationBySMS"] = invitation == .hireMobilePhone
            context["invitationByEmail"] = invitation == .hirePrivateEmail
        }
        if allowed.contains(.username) {
            if !content.username.trimmingWhitespace.isEmpty {
                context["username"] = content.username
            } else if kind != .passwordSetNotice {
                // The notice still matters without it: "if this was not you, call …".
                throw DeliveryError(.invalidMessage, detail: "the \(kind) message needs the hire's username, and the case has none")
            }
        }
        if allowed.contains(.passwordSetTime) {
            guard let setAt = content.passwordSetAt else {
                throw DeliveryError(.invalidMessage, detail: "the \(kind) message needs the time the password was set")
            }
            context["passwordSetAt"] = DeliveryDateFormatting.format(setAt, .dayAndTime, language: language, timeZone: timeZone)
            context["passwordSetAtShort"] = DeliveryDateFormatting.format(setAt, .short, language: language, timeZone: timeZone)
        }
        if allowed.contains(.displayName) {
            if let name = content.displayName, !name.trimmingWhitespace.isEmpty { context["displayName"] = name }
            context["hireName"] = (context["displayName"] as? String) ?? content.username
        }
        if allowed.contains(.pickupLink) {
            guard let link = content.pickupLink, Self.isWebLink(link) else {
                throw DeliveryError(.invalidMessage, detail: "the \(kind) message needs an http(s) pickup link")
            }
            context["pickupLink"] = link.absoluteString
            if let expiry = content.pickupExpiresAt {
                context["pickupExpires"] = DeliveryDateFormatting.format(expiry, .dayAndTime, language: language, timeZone: timeZone)
                context["pickupExpiresShort"] = DeliveryDateFormatting.format(expiry, .short, language: language, timeZone: timeZone)
            }
        }
        if allowed.contains(.pickupCode) {
            guard let code = content.pickupCode, !code.isEmpty else {
                throw DeliveryError(.invalidMessage, detail: "the \(kind) message needs the pickup code")
            }
            context["pickupCode"] = code
        }
        if allowed.contains(.portalLink) {
            if let portal = content.portalLink {
                guard Self.isWebLink(portal) else { throw DeliveryError(.invalidMessage, detail: "the portal link must be http(s)") }
                context["portalLink"] = portal.absoluteString
            } else if kind == .portalInvitation || (kind == .managerNotice && plan?.mode == .selfService) {
                throw DeliveryError(.invalidMessage, detail: "the \(kind) message needs the portal link")
            }
        }
        return context
    }

    private static func isWebLink(_ url: URL) -> Bool {
        guard let scheme = url.scheme?.lowercased(), scheme == "https" || scheme == "http" else { return false }
        return url.host?.isEmpty == false
    }

    // MARK: The last check

    /// A value the kind may not carry must not appear in what was rendered. Values that are part
    /// of the organization's name are public and not checked.
    private func checkNothingForbidden(in body: RenderedDeliveryBody, kind: DeliveryMessageKind, content: DeliveryContent) throws(DeliveryError) {
        let forbidden: [(DeliveryContentItem, String?)] = [
            (.username, content.username), (.pickupLink, content.pickupLink?.absoluteString), (.pickupCode, content.pickupCode),
        ]
        let rendered = [body.subject, body.text, body.html].compactMap { $0 }
        for (item, value) in forbidden where !kind.allowedContent.contains(item) {
            guard let value, value.count >= 4, !organizationName.contains(value) else { continue }
            let htmlValue = value.replacing("&", with: "&amp;")
            if rendered.contains(where: { $0.contains(value) || $0.contains(htmlValue) }) {
                throw DeliveryError(
                    .invalidMessage,
                    detail: "the \(kind) message would contain the \(item) (it is part of another value of the message), so it was not made; "
                        + (item == .pickupCode ? "generate another pickup code" : "check the templates and the case's values"))
            }
        }
    }
}
