import Delivery
import Foundation

/// Which credential a page is about: decides headings and instructions.
enum PickupCredential: Hashable, Sendable {
    case temporaryPassword
    case temporaryAccessPass
}

/// Every sentence of the pickup pages, in English and German, side by side so that the two
/// cannot drift apart. Plain text: the renderer escapes it.
struct PickupText: Sendable {
    let language: DeliveryLanguage
    private var german: Bool { language == .german }

    init(_ language: DeliveryLanguage) {
        self.language = DeliveryLanguage.builtIn.contains(language) ? language : .english
    }

    // MARK: Every page

    func questions(_ helpContact: String) -> String {
        german ? "Fragen? Wenden Sie sich an \(helpContact)." : "Questions? Contact \(helpContact)."
    }

    /// The other language, as its speakers name it (the page links to it).
    var otherLanguage: (language: DeliveryLanguage, name: String) {
        german ? (.english, "English") : (.german, "Deutsch")
    }

    // MARK: The form

    func formHeading(_ credential: PickupCredential?) -> String {
        switch credential {
        case .temporaryPassword: german ? "Ihr erstes Passwort abholen" : "Pick up your first password"
        case .temporaryAccessPass: german ? "Ihren befristeten Zugriffspass abholen" : "Pick up your Temporary Access Pass"
        case nil: german ? "Ihre Anmeldedaten abholen" : "Pick up your sign-in details"
        }
    }

    func formIntroduction(_ credential: PickupCredential?) -> String {
        let what = switch credential {
        case .temporaryPassword: german ? "Ihr Passwort" : "your password"
        case .temporaryAccessPass: german ? "Ihren Zugriffspass" : "your pass"
        case nil: german ? "Ihre Anmeldedaten" : "your sign-in details"
        }
        return german
            ? "Geben Sie den Abholcode ein, den wir Ihnen in einer eigenen Nachricht geschickt haben (per SMS oder E-Mail). Danach zeigt diese Seite \(what) einmal an."
            : "Enter the pickup code we sent you in a separate message (by SMS or e-mail). This page then shows \(what) once."
    }

    var codeLabel: String { german ? "Abholcode" : "Pickup code" }

    // PickupSecrets makes eight-digit codes.
    var codeHint: String { german ? "8 Ziffern" : "8 digits" }

    func submit(_ credential: PickupCredential?) -> String {
        switch credential {
        case .temporaryPassword: german ? "Passwort anzeigen" : "Show my password"
        case .temporaryAccessPass: german ? "Zugriffspass anzeigen" : "Show my pass"
        case nil: german ? "Weiter" : "Continue"
        }
    }

    func formFootnote(_ organization: String) -> String {
        german
            ? "Der Link funktioniert nur einmal. Niemand von \(organization) wird Sie je nach diesem Code fragen."
            : "The link works only once. Nobody from \(organization) will ever ask you for this code."
    }

    func message(_ message: PickupFormMessage) -> String {
        switch message {
        case .wrongCode(let left):
            if german {
                return left == 1 ? "Dieser Code stimmt nicht. Noch 1 Versuch. Ist auch der nächste Code falsch, funktioniert dieser Link zu Ihrer Sicherheit nicht mehr."
                    : "Dieser Code stimmt nicht. Noch \(left) Versuche."
            }
            return left == 1 ? "That code is not right. 1 attempt left. If the next code is wrong too, this link stops working, for your safety."
                : "That code is not right. \(left) attempts left."
        case .tooFast:
            return german
                ? "Das ging schneller, als jemand den Code tippen kann. Bitte geben Sie den Code aus Ihrer anderen Nachricht ein. Das wurde nicht als Versuch gezählt."
                : "That was quicker than anyone can type the code. Please enter the code from your other message. This did not count as an attempt."
        case .stale:
            return german
                ? "Diese Seite war zu lange geöffnet. Bitte geben Sie den Code noch einmal ein. Das wurde nicht als Versuch gezählt."
                : "This page was open too long. Please enter the code again. This did not count as an attempt."
        case .emptyCode:
            return german ? "Bitte geben Sie den Code aus Ihrer anderen Nachricht ein." : "Please enter the code from your other message."
        }
    }

    // MARK: The secret

    func secretHeading(_ credential: PickupCredential) -> String {
        switch credential {
        case .temporaryPassword: german ? "Ihr erstes Passwort" : "Your first password"
        case .temporaryAccessPass: german ? "Ihr befristeter Zugriffspass" : "Your Temporary Access Pass"
        }
    }

    var caseSensitive: String { german ? "Achten Sie auf Groß- und Kleinschreibung." : "Capital and small letters matter." }

    /// Under a value shown in groups of four.
    var typeWithoutSpaces: String {
        german
            ? "Die Lücken dienen nur dem Lesen: Geben Sie es ohne Leerzeichen ein. Achten Sie auf Groß- und Kleinschreibung."
            : "The gaps are only for reading: type it without spaces. Capital and small letters matter."
    }

    func shownOnce(_ credential: PickupCredential) -> String {
        guard german else {
            return "It is shown only this once. Keep this page open until you have signed in, or write it down somewhere safe."
        }
        return credential == .temporaryPassword
            ? "Es wird nur dieses eine Mal angezeigt. Lassen Sie diese Seite offen, bis Sie sich angemeldet haben, oder notieren Sie es an einem sicheren Ort."
            : "Er wird nur dieses eine Mal angezeigt. Lassen Sie diese Seite offen, bis Sie sich angemeldet haben, oder notieren Sie ihn an einem sicheren Ort."
    }

    var howToUse: String { german ? "So geht es weiter" : "What to do next" }

    var passwordInstructions: String {
        german
            ? "Melden Sie sich mit dem Benutzernamen aus Ihrer E-Mail und diesem Passwort an. Sie werden dabei gleich gebeten, ein eigenes Passwort zu wählen."
            : "Sign in with the username from your e-mail and this password. You will be asked to choose your own password straight away."
    }

    func validity(from: String?, until: String?) -> String? {
        switch (from, until) {
        case let (from?, until?): german ? "Gültig von \(from) bis \(until)." : "Valid from \(from) until \(until)."
        case let (nil, until?): german ? "Gültig bis \(until)." : "Valid until \(until)."
        case let (from?, nil): german ? "Gültig ab \(from)." : "Valid from \(from)."
        case (nil, nil): nil
        }
    }

    /// The steps for a TAP; the renderer links `securityInfoAddress` in the first.
    var passSteps: (beforeLink: String, afterLink: String, rest: [String]) {
        german
            ? ("Öffnen Sie ", " und melden Sie sich mit dem Benutzernamen aus Ihrer E-Mail an.",
               ["Wenn nach einem Passwort oder dem befristeten Zugriffspass gefragt wird, geben Sie diesen Zugriffspass ein.",
                "Richten Sie Microsoft Authenticator oder einen Passkey ein. Danach melden Sie sich ohne Passwort an.",
                "Auch an einem neuen Gerät können Sie sich mit diesem Pass anmelden, solange er gültig ist."])
            : ("Go to ", " and sign in with the username from your e-mail.",
               ["When you are asked for a password or a Temporary Access Pass, enter this pass.",
                "Set up Microsoft Authenticator or a passkey. From then on you sign in without a password.",
                "While it is valid, you can also use this pass to sign in on a new device."])
    }

    static let securityInfoAddress = "https://aka.ms/mysecurityinfo"
    static let securityInfoLabel = "aka.ms/mysecurityinfo"

    func nobodyAsks(_ organization: String) -> String {
        german ? "Niemand von \(organization) wird Sie je danach fragen." : "Nobody from \(organization) will ever ask you for it."
    }

    // MARK: Notices

    func noticeHeading(_ notice: PickupNotice) -> String {
        switch notice {
        case .invalidLink: german ? "Dieser Link ist nicht gültig" : "This link is not valid"
        case .alreadyUsed: german ? "Dieser Link wurde schon benutzt" : "This link has already been used"
        case .burned: german ? "Dieser Link funktioniert nicht mehr" : "This link no longer works"
        case .expired: german ? "Dieser Link ist abgelaufen" : "This link has expired"
        case .reload: german ? "Bitte laden Sie die Seite neu" : "Please reload the page"
        case .unreadable: german ? "Ihre Anmeldedaten konnten nicht angezeigt werden" : "Your sign-in details could not be shown"
        case .unavailable: german ? "Diese Seite ist gerade nicht erreichbar" : "This page is not available right now"
        }
    }

    func noticeBody(_ notice: PickupNotice, helpContact: String, expiry: String?) -> String {
        switch notice {
        case .invalidLink:
            german
                ? "Prüfen Sie, ob Sie den ganzen Link aus Ihrer Nachricht geöffnet haben. Wenn er dann immer noch nicht funktioniert, wenden Sie sich an \(helpContact)."
                : "Check that you opened the whole link from your message. If it still does not work, contact \(helpContact)."
        case .alreadyUsed:
            german
                ? "Ihre Anmeldedaten wurden auf dieser Seite schon einmal angezeigt und können zu Ihrer Sicherheit nicht noch einmal angezeigt werden. Wenn Sie das nicht waren oder sie nicht notieren konnten, wenden Sie sich sofort an \(helpContact)."
                : "Your sign-in details were shown on this page once already, and for your safety they cannot be shown again. If that was not you, or you could not write them down, contact \(helpContact) straight away."
        case .burned:
            german
                ? "Zu Ihrer Sicherheit funktioniert dieser Link nicht mehr: Es wurde zu oft ein falscher Code eingegeben. Der Service Desk ist informiert. Wenden Sie sich an \(helpContact), um einen neuen Link zu bekommen."
                : "For your safety this link no longer works: a wrong code was entered too many times. The service desk has been told. Contact \(helpContact) to get a new link."
        case .expired:
            german
                ? (expiry.map { "Er war bis \($0) gültig. " } ?? "") + "Wenden Sie sich an \(helpContact), um einen neuen Link zu bekommen."
                : (expiry.map { "It could be used until \($0). " } ?? "") + "Contact \(helpContact) to get a new link."
        case .reload:
            german
                ? "Die Seite konnte Ihre Eingabe nicht annehmen; es wurde nichts gezählt. Laden Sie die Seite neu und geben Sie den Code noch einmal ein. Passiert das immer wieder, erlauben Sie Cookies für diese Seite."
                : "The page could not accept what was sent, and nothing was counted. Reload the page and enter your code again. If this keeps happening, allow cookies for this site."
        case .unreadable:
            german
                ? "Ihr Code war richtig, aber bei uns ist etwas schiefgegangen, und dieser Link lässt sich nicht mehr benutzen. Der Service Desk ist informiert. Wenden Sie sich an \(helpContact), um einen neuen Link zu bekommen."
                : "Your code was right, but something went wrong on our side and this link cannot be used again. The service desk has been told. Contact \(helpContact) to get a new link."
        case .unavailable:
            german
                ? "Bitte versuchen Sie es in ein paar Minuten noch einmal. Wenn es dann immer noch nicht geht, wenden Sie sich an \(helpContact)."
                : "Please try again in a few minutes. If it still does not work then, contact \(helpContact)."
        }
    }

    var reloadLink: String { german ? "Seite neu laden" : "Reload the page" }

    // MARK: Dates

    /// "3 March 2025 at 18:00" / "3. März 2025 um 18:00", in the organization's time zone.
    func date(_ date: Date, timeZone: TimeZone) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: german ? "de_DE" : "en_GB")
        formatter.timeZone = timeZone
        formatter.dateStyle = .long
        formatter.timeStyle = .short
        return formatter.string(from: date)
    }
}
