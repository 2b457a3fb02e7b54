import Onboarding

extension DeliveryPlan {
    /// Every way this plan breaks a delivery rule, in words; empty for every plan the policy
    /// makes. Checked over all routes, fallbacks included:
    ///
    /// 1. No message carries a secret (there is no content item for one).
    /// 2. No message carries the pickup code together with the username or the pickup link.
    /// 3. No route of a message with the pickup code goes to a destination that any route of a
    ///    message with the username or the pickup link goes to.
    /// 4. The manager gets only the manager notice (username and instructions, no link or code),
    ///    and hire messages go only to the hire.
    /// 5. Each route's channel reaches its destination (SMS and webhook a phone, e-mail a mailbox).
    /// 6. Temporary password and TAP have both a pickup link and a pickup code; self-service has neither.
    /// 7. Only planned kinds: the password-set notice is sent on its own, never as part of a mode.
    public var violations: [String] {
        var found: [String] = []
        for message in messages {
            if message.routes.isEmpty { found.append("\(message.kind) has no route") }
            if !message.kind.isPlanned { found.append("\(message.kind) is sent on its own, not as part of \(mode.rawValue)") }
            let content = message.content
            if content.contains(.pickupCode), content.contains(.username) || content.contains(.pickupLink) {
                found.append("\(message.kind) carries the pickup code with the username or link")
            }
            for route in message.routes {
                if route.destination.audience != message.kind.audience {
                    found.append("\(message.kind) is routed to \(route.destination)")
                }
                if route.channel.addressesMobilePhone != route.destination.isMobilePhone {
                    found.append("\(message.kind) uses \(route.channel) to reach \(route.destination)")
                }
            }
        }
        let codeDestinations = Set(messages.filter { $0.content.contains(.pickupCode) }.flatMap(\.routes).map(\.destination))
        let identifyingDestinations = Set(
            messages.filter { $0.content.contains(.username) || $0.content.contains(.pickupLink) }.flatMap(\.routes).map(\.destination))
        for destination in codeDestinations.intersection(identifyingDestinations).sorted(by: { $0.rawValue < $1.rawValue }) {
            found.append("the pickup code and the username or link can both reach \(destination)")
        }
        let kinds = Set(messages.map(\.kind))
        switch mode {
        case .temporaryPassword, .tap:
            if !kinds.isSuperset(of: [.pickupLink, .pickupCode]) { found.append("\(mode.rawValue) needs a pickup link and a pickup code") }
            if kinds.contains(.portalInvitation) { found.append("\(mode.rawValue) has no portal invitation") }
        case .selfService:
            if !kinds.isDisjoint(with: [.pickupLink, .pickupCode]) { found.append("self-service has nothing to pick up") }
        }
        return found
    }
}
