import Onboarding
import Testing
@testable import Delivery

@Suite struct DeliveryPolicyTests {
    let all: Set<DeliveryChannelKind> = [.sms, .email, .webhook]

    private func plan(_ mode: DeliveryMode, _ recipients: Recipients = Samples.allRecipients, channels: Set<DeliveryChannelKind>? = nil,
                      options: DeliveryPlanOptions = DeliveryPlanOptions()) throws(DeliveryPlanError) -> DeliveryPlan {
        try DeliveryPolicy.plan(DeliveryPlanRequest(mode: mode, recipients: recipients, channels: channels ?? all, options: options))
    }

    private func refusal(_ mode: DeliveryMode, _ recipients: Recipients, channels: Set<DeliveryChannelKind>? = nil,
                         options: DeliveryPlanOptions = DeliveryPlanOptions()) -> DeliveryPlanError? {
        do {
            _ = try plan(mode, recipients, channels: channels, options: options)
            return nil
        } catch {
            return error
        }
    }

    // MARK: Temporary password and TAP

    @Test(arguments: [DeliveryMode.temporaryPassword, .tap])
    func linkByMailCodeBySMSUsernameWithTheLink(mode: DeliveryMode) throws {
        let plan = try plan(mode)
        #expect(plan.messages.map(\.kind) == [.pickupLink, .pickupCode, .managerNotice])
        let link = try #require(plan.message(.pickupLink))
        #expect(link.routes == [DeliveryRoute(destination: .hirePrivateEmail, channel: .email, address: "kathy@example.org")])
        #expect(link.content.contains(.username) && link.content.contains(.pickupLink) && !link.content.contains(.pickupCode))
        let code = try #require(plan.message(.pickupCode))
        #expect(code.routes == [
            DeliveryRoute(destination: .hireMobilePhone, channel: .sms, address: "+491701234567"),
            DeliveryRoute(destination: .hireMobilePhone, channel: .webhook, address: "+491701234567"),
        ])
        #expect(code.content == [.pickupCode])
        let notice = try #require(plan.message(.managerNotice))
        #expect(notice.routes == [DeliveryRoute(destination: .managerEmail, channel: .email, address: "boss@contoso.com")])
        #expect(!notice.content.contains(.pickupCode) && !notice.content.contains(.pickupLink))
        #expect(plan.violations.isEmpty)
        #expect(plan.notes.isEmpty)
    }

    @Test func linkBySMSWhenChosenThenCodeByMail() throws {
        let plan = try plan(.temporaryPassword, options: DeliveryPlanOptions(pickupLinkDestination: .hireMobilePhone))
        #expect(plan.message(.pickupLink)?.routes.map(\.destination) == [.hireMobilePhone, .hireMobilePhone])
        #expect(plan.message(.pickupLink)?.routes.map(\.channel) == [.sms, .webhook])
        #expect(plan.message(.pickupCode)?.routes == [DeliveryRoute(destination: .hirePrivateEmail, channel: .email, address: "kathy@example.org")])
        #expect(plan.violations.isEmpty)
    }

    @Test func webhookAloneServesThePhone() throws {
        let plan = try plan(.tap, channels: [.webhook, .email])
        #expect(plan.message(.pickupCode)?.routes.map(\.channel) == [.webhook])
    }

    @Test(arguments: [DeliveryMode.temporaryPassword, .tap])
    func withoutAMobileNumberTheModeIsRefused(mode: DeliveryMode) throws {
        let error = try #require(refusal(mode, Recipients(privateEmail: "kathy@example.org", managerEmail: "boss@contoso.com")))
        #expect(error.code == .recipientMissing)
        #expect(error.description.contains("no mobile number"))
        #expect(error.description.contains("self-service"))
    }

    @Test func withoutAPrivateAddressTheManagerCannotStandIn() throws {
        let error = try #require(refusal(.temporaryPassword, Recipients(mobilePhone: "+491701234567", managerEmail: "boss@contoso.com")))
        #expect(error.code == .recipientMissing)
        #expect(error.reason.contains("manager may not receive either"))
    }

    @Test func theManagersAddressIsNotAPrivateAddress() throws {
        let error = try #require(refusal(.tap, Recipients(mobilePhone: "+491701234567", privateEmail: "Boss@Contoso.com", managerEmail: "boss@contoso.com")))
        #expect(error.code == .sharedAddress)
        // Even when the manager is not to be notified.
        let quiet = try #require(refusal(.tap, Recipients(mobilePhone: "+491701234567", privateEmail: "boss@contoso.com", managerEmail: "boss@contoso.com"),
                                         options: DeliveryPlanOptions(notifyManager: false)))
        #expect(quiet.code == .sharedAddress)
    }

    @Test func aNationalNumberIsNotGuessed() throws {
        let error = try #require(refusal(.temporaryPassword, Recipients(mobilePhone: "0170 1234567", privateEmail: "kathy@example.org")))
        #expect(error.code == .invalidAddress)
        #expect(!error.description.contains("0170 1234567"))
        #expect(refusal(.temporaryPassword, Recipients(mobilePhone: "+49 170 123-4567", privateEmail: "kathy@example.org")) == nil)
    }

    @Test func aMalformedPrivateAddressIsRefused() throws {
        let error = try #require(refusal(.tap, Recipients(mobilePhone: "+491701234567", privateEmail: "kathy at example.org")))
        #expect(error.code == .invalidAddress)
    }

    @Test(arguments: [Set<DeliveryChannelKind>([.email]), [.sms], [.webhook], [.sms, .webhook], []])
    func pickupNeedsBothAPhoneChannelAndEmail(channels: Set<DeliveryChannelKind>) throws {
        let error = try #require(refusal(.temporaryPassword, Samples.allRecipients, channels: channels))
        #expect(error.code == .channelsMissing)
        #expect(throws: DeliveryPlanError.self) { try DeliveryPolicy.check(mode: .tap, channels: channels) }
    }

    @Test func configurationCheck() throws {
        try DeliveryPolicy.check(mode: .temporaryPassword, channels: [.sms, .email])
        try DeliveryPolicy.check(mode: .tap, channels: [.webhook, .email])
        try DeliveryPolicy.check(mode: .selfService, channels: [.email])
        try DeliveryPolicy.check(mode: .selfService, channels: [.sms])
        let error = try #require(throws: DeliveryPlanError.self) { try DeliveryPolicy.check(mode: .selfService, channels: []) }
        #expect(error.code == .channelsMissing)
        let missing = try #require(throws: DeliveryPlanError.self) { try DeliveryPolicy.check(mode: .tap, channels: [.email]) }
        #expect(missing.description.contains("an SMS channel"))
    }

    @Test func managerNotTold() throws {
        let noManager = try plan(.temporaryPassword, Recipients(mobilePhone: "+491701234567", privateEmail: "kathy@example.org"))
        #expect(noManager.message(.managerNotice) == nil)
        #expect(noManager.notes == ["the manager is not told: the case has no manager e-mail address"])
        let malformed = try plan(.temporaryPassword, Recipients(mobilePhone: "+491701234567", privateEmail: "kathy@example.org", managerEmail: "boss"))
        #expect(malformed.notes == ["the manager is not told: the manager's e-mail address is malformed"])
        let off = try plan(.tap, options: DeliveryPlanOptions(notifyManager: false))
        #expect(off.message(.managerNotice) == nil)
        #expect(off.notes.isEmpty)
    }

    // MARK: Self-service

    @Test func selfServiceInvitesByMailThenByPhone() throws {
        let plan = try plan(.selfService)
        #expect(plan.messages.map(\.kind) == [.portalInvitation, .managerNotice])
        #expect(plan.message(.portalInvitation)?.routes.map(\.destination) == [.hirePrivateEmail, .hireMobilePhone, .hireMobilePhone])
        #expect(plan.message(.portalInvitation)?.routes.map(\.channel) == [.email, .sms, .webhook])
        #expect(plan.violations.isEmpty)
        let phoneFirst = try self.plan(.selfService, options: DeliveryPlanOptions(portalInvitationDestination: .hireMobilePhone))
        #expect(phoneFirst.message(.portalInvitation)?.routes.map(\.channel) == [.sms, .webhook, .email])
    }

    @Test func selfServiceWithOnlyAManagerTellsTheManager() throws {
        let plan = try plan(.selfService, Recipients(managerEmail: "boss@contoso.com"))
        #expect(plan.messages.map(\.kind) == [.managerNotice])
        #expect(plan.notes == ["the hire has no usable address: only the manager is told"])
    }

    @Test func selfServiceWithNobodyIsRefused() throws {
        let error = try #require(refusal(.selfService, Recipients(mobilePhone: "+491701234567"), channels: [.email]))
        #expect(error.code == .nobodyToTell)
        let silent = try #require(refusal(.selfService, Recipients(managerEmail: "boss@contoso.com"), options: DeliveryPlanOptions(notifyManager: false)))
        #expect(silent.code == .nobodyToTell)
    }

    @Test func selfServiceDoesNotTreatTheManagersMailboxAsTheHires() throws {
        let plan = try plan(.selfService, Recipients(mobilePhone: "+491701234567", privateEmail: "boss@contoso.com", managerEmail: "boss@contoso.com"))
        #expect(plan.message(.portalInvitation)?.routes.map(\.destination) == [.hireMobilePhone, .hireMobilePhone])
        #expect(plan.notes.contains("the hire's private e-mail address is the manager's, so it is not used for the hire"))
    }

    @Test func selfServiceNotesUnusableAddresses() throws {
        let plan = try plan(.selfService, Recipients(mobilePhone: "01701234567", privateEmail: "kathy@example.org"))
        #expect(plan.message(.portalInvitation)?.routes.map(\.destination) == [.hirePrivateEmail])
        #expect(plan.notes.contains("the hire's mobile number is not in international form (+…) and is not used"))
    }

    // MARK: Fallback

    @Test func fallbackKeepsTheDestination() throws {
        let plan = try plan(.temporaryPassword)
        let sms = DeliveryRoute(destination: .hireMobilePhone, channel: .sms, address: "+491701234567")
        let webhook = DeliveryRoute(destination: .hireMobilePhone, channel: .webhook, address: "+491701234567")
        #expect(plan.nextRoute(for: .pickupCode, after: sms) == webhook)
        #expect(plan.nextRoute(for: .pickupCode, after: webhook) == nil)
        // The link never falls back to the phone that gets the code.
        let mail = try #require(plan.message(.pickupLink)?.primaryRoute)
        #expect(plan.nextRoute(for: .pickupLink, after: mail) == nil)
        #expect(plan.nextRoute(for: .managerNotice, after: sms) == nil)
    }

    @Test func selfServiceFallsBackAcrossDestinations() throws {
        let plan = try plan(.selfService)
        let routes = try #require(plan.message(.portalInvitation)?.routes)
        #expect(plan.nextRoute(for: .portalInvitation, after: routes[0]) == routes[1])
        #expect(plan.nextRoute(for: .portalInvitation, after: routes[1]) == routes[2])
        #expect(plan.nextRoute(for: .portalInvitation, after: routes[2]) == nil)
    }

    // MARK: Addresses

    @Test(arguments: [
        ("+491701234567", "+491701234567"), ("+49 170 123-4567", "+491701234567"), ("(+49) 170/1234567", "+491701234567"),
        ("0049 170 1234567", "+491701234567"), ("+1 (555) 010-9999", "+15550109999"),
    ])
    func phoneNumbersNormalize(raw: String, expected: String) {
        #expect(DeliveryAddress.normalizedMobilePhone(raw) == expected)
    }

    @Test(arguments: ["0170 1234567", "+0170123456", "+49", "+49170abc4567", "+1234567890123456", "", "491701234567"])
    func phoneNumbersRefused(raw: String) {
        #expect(DeliveryAddress.normalizedMobilePhone(raw) == nil)
    }

    @Test func emailAddresses() {
        #expect(DeliveryAddress.normalizedEmail("  kathy@example.org ") == "kathy@example.org")
        for bad in ["kathy", "@example.org", "kathy@localhost", "kathy@example.org.", "a b@example.org", "k@@example.org", "<k@example.org>", "k@example.org\r\nBcc: x@y.z"] {
            #expect(DeliveryAddress.normalizedEmail(bad) == nil, "\(bad)")
        }
    }
}
