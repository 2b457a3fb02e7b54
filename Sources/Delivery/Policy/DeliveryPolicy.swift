public import Onboarding

/// The split-channel policy: turns a case's mode and addresses and the configured channels into a
/// plan that keeps the delivery rules, or refuses with the reason.
///
/// - **Temporary password, TAP**: the secret is never in a message. The hire gets the one-time
///   pickup link with the username over one of their destinations (default: private e-mail) and
///   the pickup code alone over the other (default: mobile phone, SMS then webhook). Both are
///   required; the manager can never stand in for either.
/// - **Self-service**: no secret exists. The hire gets the portal link, the username and
///   instructions (private e-mail first, then the mobile phone as the fallback).
/// - **Manager** (any mode, `notifyManager`): the username and instructions only.
public enum DeliveryPolicy {
    /// Whether the configured channels can serve `mode` at all, whatever a case's addresses are
    /// (for `firstkey config check`).
    public static func check(mode: DeliveryMode, channels: Set<DeliveryChannelKind>) throws(DeliveryPlanError) {
        let phone = !channels.filter(\.addressesMobilePhone).isEmpty
        let email = channels.contains(.email)
        switch mode {
        case .temporaryPassword, .tap:
            guard phone, email else {
                let missing = [phone ? nil : "an SMS channel (ACS, Twilio or the webhook)", email ? nil : "an e-mail channel (Graph or SMTP)"]
                    .compactMap { $0 }.joined(separator: " and ")
                throw DeliveryPlanError(
                    .channelsMissing, mode: mode,
                    reason: "the pickup link and its code travel over two different channels, so both SMS and e-mail must be configured; \(missing) is missing")
            }
        case .selfService:
            guard phone || email else {
                throw DeliveryPlanError(.channelsMissing, mode: mode, reason: "no delivery channel is configured (SMS, webhook or e-mail)")
            }
        }
    }

    /// The plan for one case, or the reason none keeps the rules.
    public static func plan(_ request: DeliveryPlanRequest) throws(DeliveryPlanError) -> DeliveryPlan {
        let mode = request.mode
        try check(mode: mode, channels: request.channels)
        var notes: [String] = []

        let phoneChannels = DeliveryChannelKind.allCases.filter { $0.addressesMobilePhone && request.channels.contains($0) }
        let emailConfigured = request.channels.contains(.email)
        let manager = request.recipients.managerEmail.flatMap(DeliveryAddress.normalizedEmail)
        let mobile = request.recipients.mobilePhone.flatMap(DeliveryAddress.normalizedMobilePhone)
        var privateEmail = request.recipients.privateEmail.flatMap(DeliveryAddress.normalizedEmail)
        let privateIsManagers = privateEmail.map { address in manager.map { DeliveryAddress.sameMailbox(address, $0) } ?? false } ?? false

        func routes(to destination: DeliveryDestination) -> [DeliveryRoute] {
            switch destination {
            case .hireMobilePhone:
                guard let mobile else { return [] }
                return phoneChannels.map { DeliveryRoute(destination: .hireMobilePhone, channel: $0, address: mobile) }
            case .hirePrivateEmail:
                guard emailConfigured, let privateEmail else { return [] }
                return [DeliveryRoute(destination: .hirePrivateEmail, channel: .email, address: privateEmail)]
            case .managerEmail:
                guard emailConfigured, let manager else { return [] }
                return [DeliveryRoute(destination: .managerEmail, channel: .email, address: manager)]
            }
        }

        var messages: [PlannedMessage] = []
        switch mode {
        case .temporaryPassword, .tap:
            try requireHireAddresses(request, mobile: mobile, privateEmail: privateEmail, privateIsManagers: privateIsManagers)
            let linkDestination: DeliveryDestination = request.options.pickupLinkDestination == .hireMobilePhone ? .hireMobilePhone : .hirePrivateEmail
            let codeDestination: DeliveryDestination = linkDestination == .hireMobilePhone ? .hirePrivateEmail : .hireMobilePhone
            messages.append(PlannedMessage(kind: .pickupLink, routes: routes(to: linkDestination)))
            messages.append(PlannedMessage(kind: .pickupCode, routes: routes(to: codeDestination)))

        case .selfService:
            if privateIsManagers {
                notes.append("the hire's private e-mail address is the manager's, so it is not used for the hire")
                privateEmail = nil
            }
            if request.recipients.mobilePhone != nil, mobile == nil {
                notes.append("the hire's mobile number is not in international form (+…) and is not used")
            }
            if request.recipients.privateEmail != nil, request.recipients.privateEmail.flatMap(DeliveryAddress.normalizedEmail) == nil {
                notes.append("the hire's private e-mail address is malformed and is not used")
            }
            let first: DeliveryDestination = request.options.portalInvitationDestination == .hireMobilePhone ? .hireMobilePhone : .hirePrivateEmail
            let second: DeliveryDestination = first == .hireMobilePhone ? .hirePrivateEmail : .hireMobilePhone
            let invitationRoutes = routes(to: first) + routes(to: second)
            if invitationRoutes.isEmpty {
                let managerReachable = request.options.notifyManager && !routes(to: .managerEmail).isEmpty
                guard managerReachable else {
                    throw DeliveryPlanError(
                        .nobodyToTell, mode: mode,
                        reason: "the case has no usable mobile number or private e-mail address for a configured channel, and no manager to tell")
                }
                notes.append("the hire has no usable address: only the manager is told")
            } else {
                messages.append(PlannedMessage(kind: .portalInvitation, routes: invitationRoutes))
            }
        }

        if request.options.notifyManager {
            let managerRoutes = routes(to: .managerEmail)
            if !managerRoutes.isEmpty {
                messages.append(PlannedMessage(kind: .managerNotice, routes: managerRoutes))
            } else if request.recipients.managerEmail == nil {
                notes.append("the manager is not told: the case has no manager e-mail address")
            } else if manager == nil {
                notes.append("the manager is not told: the manager's e-mail address is malformed")
            } else {
                notes.append("the manager is not told: no e-mail channel is configured")
            }
        }

        let plan = DeliveryPlan(mode: mode, messages: messages, notes: notes)
        let violations = plan.violations
        guard violations.isEmpty else {
            throw DeliveryPlanError(.ruleViolated, mode: mode, reason: "the plan would break a delivery rule: \(violations.joined(separator: "; "))")
        }
        return plan
    }

    /// Temporary password and TAP need both of the hire's own destinations.
    private static func requireHireAddresses(_ request: DeliveryPlanRequest, mobile: String?, privateEmail: String?, privateIsManagers: Bool) throws(DeliveryPlanError) {
        let mode = request.mode
        let why = "the pickup link and its code must reach the hire over two different channels"
        switch (request.recipients.mobilePhone, mobile) {
        case (nil, _):
            throw DeliveryPlanError(.recipientMissing, mode: mode, reason: "\(why), and the case has no mobile number (use self-service, or add the number)")
        case (.some(let raw), nil):
            throw DeliveryPlanError(
                .invalidAddress, mode: mode, reason: "the mobile number \(RecipientMask.mask(raw)) is not in international form (+ and the country code)")
        default: break
        }
        switch (request.recipients.privateEmail, privateEmail) {
        case (nil, _):
            throw DeliveryPlanError(
                .recipientMissing, mode: mode,
                reason: "\(why), and the case has no private e-mail address (the manager may not receive either; use self-service, or add the address)")
        case (.some(let raw), nil):
            throw DeliveryPlanError(.invalidAddress, mode: mode, reason: "the private e-mail address \(RecipientMask.mask(raw)) is malformed")
        default: break
        }
        if privateIsManagers {
            throw DeliveryPlanError(
                .sharedAddress, mode: mode,
                reason: "the hire's private e-mail address is the manager's, so the manager would receive half of what reveals the credential")
        }
    }
}
