import Onboarding
import Testing
@testable import Delivery

/// Every combination of mode, addresses (absent, valid, malformed, the manager's), channels and
/// options: each plan the policy returns keeps the rules, checked here independently of
/// `DeliveryPlan.violations`; each refusal is one the rules demand.
@Suite struct DeliveryPlanPropertyTests {
    static let mobiles: [String?] = [nil, "+491701234567", "0170 1234567"]
    static let privates: [String?] = [nil, "kathy@example.org", "kathy", "BOSS@contoso.com"]
    static let managers: [String?] = [nil, "boss@contoso.com", "boss"]
    static let channelSets: [Set<DeliveryChannelKind>] = {
        var sets: [Set<DeliveryChannelKind>] = []
        for mask in 0..<8 {
            sets.append(Set(DeliveryChannelKind.allCases.enumerated().filter { mask & (1 << $0.offset) != 0 }.map(\.element)))
        }
        return sets
    }()
    static let optionSets: [DeliveryPlanOptions] = [
        DeliveryPlanOptions(),
        DeliveryPlanOptions(pickupLinkDestination: .hireMobilePhone, notifyManager: false, portalInvitationDestination: .hireMobilePhone),
        DeliveryPlanOptions(pickupLinkDestination: .hirePrivateEmail, notifyManager: true, portalInvitationDestination: .hireMobilePhone),
    ]

    @Test func everyPlanKeepsTheRulesAndEveryRefusalIsNecessary() {
        var plans = 0, refusals = 0
        for mode in DeliveryMode.allCases {
            for mobile in Self.mobiles {
                for privateEmail in Self.privates {
                    for manager in Self.managers {
                        for channels in Self.channelSets {
                            for options in Self.optionSets {
                                let recipients = Recipients(mobilePhone: mobile, privateEmail: privateEmail, managerEmail: manager)
                                let request = DeliveryPlanRequest(mode: mode, recipients: recipients, channels: channels, options: options)
                                do {
                                    let plan = try DeliveryPolicy.plan(request)
                                    plans += 1
                                    check(plan, request)
                                } catch {
                                    refusals += 1
                                    checkRefusalIsNecessary(error, request)
                                }
                            }
                        }
                    }
                }
            }
        }
        #expect(plans > 100)
        #expect(refusals > 100)
    }

    private func check(_ plan: DeliveryPlan, _ request: DeliveryPlanRequest) {
        let context = "\(request)"
        #expect(plan.violations.isEmpty, "\(context)")
        let manager = request.recipients.managerEmail.flatMap(DeliveryAddress.normalizedEmail)?.lowercased()
        var destinationsByItem: [DeliveryContentItem: Set<String>] = [:]
        for message in plan.messages {
            #expect(!message.routes.isEmpty, "\(context)")
            for route in message.routes {
                // Only configured channels, only the case's own addresses, normalized.
                #expect(request.channels.contains(route.channel), "\(context)")
                switch route.destination {
                case .hireMobilePhone:
                    #expect(route.address == request.recipients.mobilePhone.flatMap(DeliveryAddress.normalizedMobilePhone), "\(context)")
                case .hirePrivateEmail:
                    #expect(route.address == request.recipients.privateEmail.flatMap(DeliveryAddress.normalizedEmail), "\(context)")
                    #expect(route.address.lowercased() != manager, "the hire's route reaches the manager: \(context)")
                case .managerEmail:
                    #expect(message.kind == .managerNotice, "\(context)")
                    #expect(request.options.notifyManager, "\(context)")
                }
                // By address, not by label: whoever reads one mailbox or phone.
                for item in message.content { destinationsByItem[item, default: []].insert(route.address.lowercased()) }
            }
            #expect(!(message.content.contains(.pickupCode) && message.content.contains(.username)), "\(context)")
            #expect(!(message.content.contains(.pickupCode) && message.content.contains(.pickupLink)), "\(context)")
        }
        let codeAddresses = destinationsByItem[.pickupCode] ?? []
        let identifying = (destinationsByItem[.username] ?? []).union(destinationsByItem[.pickupLink] ?? [])
        #expect(codeAddresses.isDisjoint(with: identifying), "the code can meet the username or link: \(context)")
        if let manager {
            #expect(!codeAddresses.contains(manager) && !(destinationsByItem[.pickupLink] ?? []).contains(manager), "\(context)")
        }
        switch request.mode {
        case .temporaryPassword, .tap:
            #expect(plan.message(.pickupLink) != nil && plan.message(.pickupCode) != nil, "\(context)")
        case .selfService:
            #expect(plan.message(.pickupLink) == nil && plan.message(.pickupCode) == nil, "\(context)")
            #expect(!plan.messages.isEmpty, "\(context)")
        }
    }

    /// A refusal must be forced: something the mode needs is really missing.
    private func checkRefusalIsNecessary(_ error: DeliveryPlanError, _ request: DeliveryPlanRequest) {
        let context = "\(request): \(error)"
        #expect(!error.reason.isEmpty)
        #expect(error.code != .ruleViolated, "\(context)")
        let phoneChannel = !request.channels.filter(\.addressesMobilePhone).isEmpty
        let email = request.channels.contains(.email)
        let mobile = request.recipients.mobilePhone.flatMap(DeliveryAddress.normalizedMobilePhone)
        let manager = request.recipients.managerEmail.flatMap(DeliveryAddress.normalizedEmail)
        let privateEmail = request.recipients.privateEmail.flatMap(DeliveryAddress.normalizedEmail)
        let privateIsManagers = privateEmail != nil && privateEmail?.lowercased() == manager?.lowercased()
        switch request.mode {
        case .temporaryPassword, .tap:
            #expect(!phoneChannel || !email || mobile == nil || privateEmail == nil || privateIsManagers, "\(context)")
        case .selfService:
            let hireReachable = (phoneChannel && mobile != nil) || (email && privateEmail != nil && !privateIsManagers)
            let managerReachable = email && manager != nil && request.options.notifyManager
            #expect(!hireReachable && !managerReachable, "\(context)")
        }
    }

    @Test func violationsAreFound() {
        let phone = DeliveryRoute(destination: .hireMobilePhone, channel: .sms, address: "+491701234567")
        let mail = DeliveryRoute(destination: .hirePrivateEmail, channel: .email, address: "kathy@example.org")
        let manager = DeliveryRoute(destination: .managerEmail, channel: .email, address: "boss@contoso.com")

        let sameDestination = DeliveryPlan(mode: .temporaryPassword, messages: [
            PlannedMessage(kind: .pickupLink, routes: [phone]), PlannedMessage(kind: .pickupCode, routes: [phone]),
        ])
        #expect(sameDestination.violations == ["the pickup code and the username or link can both reach the hire's mobile phone"])

        let viaFallback = DeliveryPlan(mode: .tap, messages: [
            PlannedMessage(kind: .pickupLink, routes: [mail]), PlannedMessage(kind: .pickupCode, routes: [phone, DeliveryRoute(destination: .hirePrivateEmail, channel: .email, address: "kathy@example.org")]),
        ])
        #expect(viaFallback.violations == ["the pickup code and the username or link can both reach the hire's private e-mail"])

        let codeToManager = DeliveryPlan(mode: .tap, messages: [
            PlannedMessage(kind: .pickupLink, routes: [mail]), PlannedMessage(kind: .pickupCode, routes: [manager]),
        ])
        #expect(codeToManager.violations.contains("pickup-code is routed to the manager's e-mail"))

        let linkToManager = DeliveryPlan(mode: .tap, messages: [
            PlannedMessage(kind: .pickupLink, routes: [manager]), PlannedMessage(kind: .pickupCode, routes: [phone]),
        ])
        #expect(linkToManager.violations.contains("pickup-link is routed to the manager's e-mail"))

        let wrongChannel = DeliveryPlan(mode: .selfService, messages: [
            PlannedMessage(kind: .portalInvitation, routes: [DeliveryRoute(destination: .hireMobilePhone, channel: .email, address: "+491701234567")]),
        ])
        #expect(wrongChannel.violations == ["portal-invitation uses email to reach the hire's mobile phone"])

        let noCode = DeliveryPlan(mode: .temporaryPassword, messages: [PlannedMessage(kind: .pickupLink, routes: [mail])])
        #expect(noCode.violations == ["temporary-password needs a pickup link and a pickup code"])

        let pickupInSelfService = DeliveryPlan(mode: .selfService, messages: [PlannedMessage(kind: .pickupCode, routes: [phone])])
        #expect(pickupInSelfService.violations == ["self-service has nothing to pick up"])

        let noRoute = DeliveryPlan(mode: .selfService, messages: [PlannedMessage(kind: .managerNotice, routes: [])])
        #expect(noRoute.violations == ["manager-notice has no route"])
    }
}
