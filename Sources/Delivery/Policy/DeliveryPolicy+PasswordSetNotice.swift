public import Onboarding

extension DeliveryPolicy {
    /// Where the password-set notice goes, best first: the hire's mobile phone (SMS, else the
    /// webhook), then the hire's private e-mail — the other channel than the web page where the
    /// password was just set. Never the manager, and not a private address that is the manager's.
    /// At most one route per destination, so sending it costs at most two attempts. Empty when no
    /// configured channel reaches the hire (`passwordSetNoticeRefusal` says why).
    public static func passwordSetNoticeRoutes(recipients: Recipients, channels: Set<DeliveryChannelKind>) -> [DeliveryRoute] {
        let addresses = NoticeAddresses(recipients)
        var routes: [DeliveryRoute] = []
        if let mobile = addresses.mobile, let phoneChannel = DeliveryChannelKind.allCases.first(where: { $0.addressesMobilePhone && channels.contains($0) }) {
            routes.append(DeliveryRoute(destination: .hireMobilePhone, channel: phoneChannel, address: mobile))
        }
        if let privateEmail = addresses.privateEmail, channels.contains(.email) {
            routes.append(DeliveryRoute(destination: .hirePrivateEmail, channel: .email, address: privateEmail))
        }
        return routes
    }

    /// Why the password-set notice has no route, for the audit trail (addresses masked); nil when
    /// it has one.
    public static func passwordSetNoticeRefusal(recipients: Recipients, channels: Set<DeliveryChannelKind>) -> String? {
        guard passwordSetNoticeRoutes(recipients: recipients, channels: channels).isEmpty else { return nil }
        let addresses = NoticeAddresses(recipients)
        if recipients.mobilePhone == nil, recipients.privateEmail == nil {
            return "no mobile number or private e-mail on the case"
        }
        var reasons: [String] = []
        if let raw = recipients.mobilePhone {
            reasons.append(addresses.mobile == nil
                ? "the mobile number \(RecipientMask.mask(raw)) is not in international form"
                : "no SMS or webhook channel is configured for the mobile number")
        }
        if let raw = recipients.privateEmail {
            if addresses.privateIsManagers {
                reasons.append("the private e-mail address is the manager's")
            } else if addresses.privateEmail == nil {
                reasons.append("the private e-mail address \(RecipientMask.mask(raw)) is malformed")
            } else {
                reasons.append("no e-mail channel is configured for the private e-mail address")
            }
        }
        return reasons.joined(separator: ", and ")
    }

    /// The hire's own addresses, normalized; a private address that is the manager's is dropped.
    private struct NoticeAddresses {
        var mobile: String?
        var privateEmail: String?
        var privateIsManagers = false

        init(_ recipients: Recipients) {
            mobile = recipients.mobilePhone.flatMap(DeliveryAddress.normalizedMobilePhone)
            privateEmail = recipients.privateEmail.flatMap(DeliveryAddress.normalizedEmail)
            let manager = recipients.managerEmail.flatMap(DeliveryAddress.normalizedEmail)
            if let address = privateEmail, let manager, DeliveryAddress.sameMailbox(address, manager) {
                privateIsManagers = true
                privateEmail = nil
            }
        }
    }
}
