import Foundation
import HTTPTypes
import Onboarding

/// What a pickup page says, before it is rendered in the reader's language.
enum PickupScreen {
    /// The code form (again, with `message`, after a submission that did not reveal).
    case form(PickupForm)
    /// The secret, shown this once.
    case secret(PickupSecret)
    case notice(PickupNotice, expiry: Date? = nil)

    var status: HTTPResponse.Status {
        switch self {
        case .form, .secret: .ok
        case .notice(let notice, _): notice.status
        }
    }
}

/// The code form as served for one ticket.
struct PickupForm {
    var credential: PickupCredential?
    /// Where the form posts: the page's own path (with `?lang=` if the reader chose one).
    var action: String
    /// The signed ``PickupFormToken``.
    var formToken: String
    var message: PickupFormMessage?
}

/// Why the form is shown again.
enum PickupFormMessage: Hashable, Sendable {
    case wrongCode(attemptsLeft: Int)
    case tooFast
    case stale
    case emptyCode

    /// A wrong code is an error of the reader's; the others are hints.
    var isError: Bool {
        if case .wrongCode = self { true } else { false }
    }
}

/// A page that only says something (no form, no secret).
enum PickupNotice: Hashable, Sendable {
    case invalidLink
    case alreadyUsed
    case burned
    case expired
    /// The form or its cookie was missing, stale, forged or for another link: nothing counted.
    case reload
    case unreadable
    case unavailable

    var status: HTTPResponse.Status {
        switch self {
        case .invalidLink: .notFound
        case .alreadyUsed, .burned, .expired: .gone
        case .reload: .badRequest
        case .unreadable: .internalServerError
        case .unavailable: .serviceUnavailable
        }
    }

    /// The page for a ticket that can no longer be used.
    init(closed state: PickupTicket.State) {
        switch state {
        case .revealed: self = .alreadyUsed
        case .burned: self = .burned
        case .expired, .open: self = .expired
        }
    }
}
