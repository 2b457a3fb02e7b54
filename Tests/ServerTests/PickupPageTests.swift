import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Credentials
import Onboarding
import Server
import Store
import Testing
import TestSupport

/// The pickup flow through real requests against the router, on a real SQLite store.
@Suite struct PickupPageTests {
    @Test func aGetChangesNothingHoweverOftenTheLinkIsOpened() async throws {
        try await PickupFixture.run { fixture, client in
            let pickup = try await fixture.seed()
            let before = try #require(try await fixture.ticket(pickup))
            for _ in 0..<20 {
                let response = try await PickupHTTP.get(client, pickup.path)
                #expect(response.status == .ok)
                let html = PickupHTTP.text(response)
                #expect(html.contains(#"inputmode="numeric""#) && html.contains(#"autocomplete="one-time-code""#))
                #expect(html.contains(#"<label for="code">Pickup code</label>"#))
                #expect(!showsSecret(html, pickup.secret))
                fixture.clock.advance(60)
            }
            #expect(try await client.execute(uri: pickup.path, method: .head).status == .ok)
            #expect(try await fixture.ticket(pickup) == before)
            #expect(try await fixture.sealedSecretIsStored(pickup))
            #expect(fixture.events.all.isEmpty)
        }
    }

    @Test func theRightCodeShowsTheSecretOnceAndTakesItFromTheStore() async throws {
        try await PickupFixture.run { fixture, client in
            let pickup = try await fixture.seed()
            let form = PickupHTTP.served(try await PickupHTTP.get(client, pickup.path))
            #expect(form.cookie?.hasPrefix("__Host-firstkey_pickup=") == true)
            fixture.clock.advance(5)
            let response = try await PickupHTTP.post(client, pickup.path, code: pickup.code, form: form)
            #expect(response.status == .ok)
            let html = PickupHTTP.text(response)
            let shown = showsSecret(html, pickup.secret)
            #expect(shown)
            #expect(html.contains(#"class="secret""#))
            #expect(html.contains("you will be asked to choose your own password") || html.contains("You will be asked to choose your own password"))
            #expect(try await fixture.ticket(pickup)?.state == .revealed)
            #expect(try await !fixture.sealedSecretIsStored(pickup))
            #expect(fixture.events.all == [.revealed])

            // The same form again, and the link opened again: used.
            fixture.clock.advance(5)
            let again = try await PickupHTTP.post(client, pickup.path, code: pickup.code, form: form)
            #expect(again.status == .gone)
            let againHTML = PickupHTTP.text(again)
            #expect(againHTML.contains("This link has already been used"))
            #expect(!showsSecret(againHTML, pickup.secret))
            let reopened = try await PickupHTTP.get(client, pickup.path)
            #expect(PickupHTTP.text(reopened).contains("This link has already been used"))
            #expect(PickupHTTP.text(reopened).contains("the IT service desk, +49 30 1234567"))
            #expect(fixture.events.all == [.revealed])
        }
    }

    @Test func theCodeMayBeTypedWithSpacesOrAHyphen() async throws {
        try await PickupFixture.run { fixture, client in
            let pickup = try await fixture.seed()
            let form = PickupHTTP.served(try await PickupHTTP.get(client, pickup.path))
            fixture.clock.advance(3)
            let spaced = " \(pickup.code.prefix(4)) - \(pickup.code.dropFirst(4)) "
            let shown = showsSecret(PickupHTTP.text(try await PickupHTTP.post(client, pickup.path, code: spaced, form: form)), pickup.secret)
            #expect(shown)
        }
    }

    @Test func wrongCodesCountDownThenBurnTheLinkAndDeleteTheSecret() async throws {
        try await PickupFixture.run { fixture, client in
            let pickup = try await fixture.seed()
            var form = PickupHTTP.served(try await PickupHTTP.get(client, pickup.path))
            let wrong = pickup.code == "00000000" ? "11111111" : "00000000"
            for left in (1...4).reversed() {
                fixture.clock.advance(3)
                let response = try await PickupHTTP.post(client, pickup.path, code: wrong, form: form)
                #expect(response.status == .ok)
                let html = PickupHTTP.text(response)
                #expect(html.contains("That code is not right. \(left) \(left == 1 ? "attempt" : "attempts") left."))
                #expect(html.contains(#"role="alert""#) && html.contains(#"aria-invalid="true""#))
                #expect(try await fixture.ticket(pickup)?.attemptsLeft == left)
                form = PickupHTTP.served(response)
            }
            fixture.clock.advance(3)
            let burned = try await PickupHTTP.post(client, pickup.path, code: wrong, form: form)
            #expect(burned.status == .gone)
            let html = PickupHTTP.text(burned)
            #expect(html.contains("For your safety this link no longer works"))
            #expect(html.contains("The service desk has been told"))
            #expect(html.contains("the IT service desk, +49 30 1234567"))
            #expect(try await fixture.ticket(pickup)?.state == .burned)
            #expect(try await !fixture.sealedSecretIsStored(pickup))
            #expect(fixture.events.all == [.wrongCode(attemptsLeft: 4), .wrongCode(attemptsLeft: 3), .wrongCode(attemptsLeft: 2),
                                           .wrongCode(attemptsLeft: 1), .burned])

            // Even the right code does nothing now.
            fixture.clock.advance(3)
            let late = try await PickupHTTP.post(client, pickup.path, code: pickup.code, form: form)
            #expect(PickupHTTP.text(late).contains("This link no longer works"))
            #expect(!showsSecret(PickupHTTP.text(late), pickup.secret))
            #expect(PickupHTTP.text(try await PickupHTTP.get(client, pickup.path)).contains("This link no longer works"))
        }
    }

    @Test func anEmptyCodeATooFastOrAStaleFormCountsNothing() async throws {
        try await PickupFixture.run { fixture, client in
            let pickup = try await fixture.seed()
            let before = try #require(try await fixture.ticket(pickup))
            let form = PickupHTTP.served(try await PickupHTTP.get(client, pickup.path))
            // At once, as a link scanner would: empty, guessed, and even the right code.
            for code in [nil, "", "12345678", pickup.code] {
                let response = try await PickupHTTP.post(client, pickup.path, code: code, form: form)
                #expect(response.status == .ok)
                #expect(PickupHTTP.text(response).contains("quicker than anyone can type"))
                #expect(!showsSecret(PickupHTTP.text(response), pickup.secret))
            }
            fixture.clock.advance(1.9)
            #expect(PickupHTTP.text(try await PickupHTTP.post(client, pickup.path, code: "12345678", form: form)).contains("quicker than anyone can type"))
            fixture.clock.advance(1)
            for code in [nil, "", "   ", " - "] {
                let response = try await PickupHTTP.post(client, pickup.path, code: code, form: form)
                #expect(PickupHTTP.text(response).contains("Please enter the code from your other message."))
            }
            fixture.clock.advance(2 * 3600)
            let stale = try await PickupHTTP.post(client, pickup.path, code: "12345678", form: form)
            #expect(PickupHTTP.text(stale).contains("This page was open too long"))
            #expect(try await fixture.ticket(pickup) == before)
            #expect(try await fixture.sealedSecretIsStored(pickup))
            #expect(fixture.events.all.isEmpty)

            // A person who then types the code still gets it (from the form served last).
            let fresh = PickupHTTP.served(stale)
            fixture.clock.advance(4)
            let shown = showsSecret(PickupHTTP.text(try await PickupHTTP.post(client, pickup.path, code: pickup.code, form: fresh)), pickup.secret)
            #expect(shown)
        }
    }

    @Test func anExpiredLinkSaysSoAndAPostClosesIt() async throws {
        try await PickupFixture.run { fixture, client in
            let pickup = try await fixture.seed(lifetime: 600)
            let form = PickupHTTP.served(try await PickupHTTP.get(client, pickup.path))
            fixture.clock.advance(601)
            let page = try await PickupHTTP.get(client, pickup.path)
            #expect(page.status == .gone)
            #expect(PickupHTTP.text(page).contains("This link has expired"))
            #expect(PickupHTTP.text(page).contains("the IT service desk, +49 30 1234567"))
            // Opening it changes nothing; a submission closes it.
            #expect(try await fixture.ticket(pickup)?.state == .open)
            let response = try await PickupHTTP.post(client, pickup.path, code: pickup.code, form: form)
            #expect(response.status == .gone)
            #expect(!showsSecret(PickupHTTP.text(response), pickup.secret))
            #expect(try await fixture.ticket(pickup)?.state == .expired)
            #expect(fixture.events.all == [.expired])
        }
    }

    @Test func aSecretThatCannotBeOpenedIsReportedNotShown() async throws {
        try await PickupFixture.run { fixture, client in
            let pickup = try await fixture.seed()
            // Sealed under a key this server does not have (a lost key, a restored database).
            let stranger = SecretSealer(current: SealingKey.generate())
            try await fixture.store.storeSealedSecret(try stranger.seal(try pickup.secret.document(), context: pickup.caseID.rawValue).storageText,
                                                      kind: PickupSecret.secretKind, for: pickup.caseID, at: fixture.clock.now)
            let form = PickupHTTP.served(try await PickupHTTP.get(client, pickup.path))
            fixture.clock.advance(3)
            let response = try await PickupHTTP.post(client, pickup.path, code: pickup.code, form: form)
            #expect(response.status == .internalServerError)
            #expect(PickupHTTP.text(response).contains("could not be shown"))
            #expect(fixture.events.all == [.unreadable])
            #expect(try await fixture.ticket(pickup)?.state == .revealed)
            #expect(fixture.logs.all.contains { $0.contains("the secret could not be opened") })
        }
    }

    @Test func anUnknownOrMalformedLinkIsNotValid() async throws {
        try await PickupFixture.run { fixture, client in
            for path in ["/pickup/AAAAAAAAAAAAAAAAAAAAAA", "/pickup/short", "/pickup/\(String(repeating: "x", count: 300))", "/pickup/%3Cscript%3E"] {
                let response = try await PickupHTTP.get(client, path)
                #expect(response.status == .notFound, "\(path.prefix(40))")
                #expect(PickupHTTP.text(response).contains("This link is not valid"))
                let post = try await client.execute(uri: path, method: .post, headers: PickupHTTP.headers(cookie: nil), body: ByteBuffer(string: "code=1"))
                #expect(post.status == .notFound)
            }
        }
    }

    @Test func aTemporaryAccessPassComesWithItsValidityAndHowToUseIt() async throws {
        try await PickupFixture.run { fixture, client in
            let from = PickupFixture.start.addingTimeInterval(3600)
            let pass = PickupSecret(kind: .temporaryAccessPass, value: TestSecrets.canaryPassword(), validFrom: from, validUntil: from.addingTimeInterval(8 * 3600))
            let pickup = try await fixture.seed(pass, mode: .tap)
            let page = PickupHTTP.text(try await PickupHTTP.get(client, pickup.path))
            #expect(page.contains("Pick up your Temporary Access Pass"))
            let form = PickupHTTP.served(try await PickupHTTP.get(client, pickup.path))
            fixture.clock.advance(3)
            let html = PickupHTTP.text(try await PickupHTTP.post(client, pickup.path, code: pickup.code, form: form))
            let shown = showsSecret(html, pass)
            #expect(shown)
            #expect(html.contains("Your Temporary Access Pass"))
            // 1_800_003_600 is 15 January 2027 10:00 in Berlin.
            #expect(html.contains("Valid from 15 January 2027 at 10:00 until 15 January 2027 at 18:00."))
            #expect(html.contains(#"<a href="https://aka.ms/mysecurityinfo">aka.ms/mysecurityinfo</a>"#))

            let german = try await fixture.seed(PickupSecret(kind: .temporaryAccessPass, value: TestSecrets.canaryPassword(), validUntil: from), mode: .tap)
            let germanForm = PickupHTTP.served(try await PickupHTTP.get(client, german.path, language: "de"))
            fixture.clock.advance(3)
            let germanHTML = PickupHTTP.text(try await PickupHTTP.post(client, german.path, code: german.code, form: germanForm, language: "de"))
            #expect(germanHTML.contains("Ihr befristeter Zugriffspass"))
            #expect(germanHTML.contains("Gültig bis 15. Januar 2027 um 10:00."))
        }
    }

    @Test func thePageIsGermanForAGermanBrowserOrWhenChosen() async throws {
        try await PickupFixture.run { fixture, client in
            let pickup = try await fixture.seed()
            let german = try await PickupHTTP.get(client, pickup.path, language: "de-DE,de;q=0.9,en;q=0.8")
            let html = PickupHTTP.text(german)
            #expect(html.contains(#"<html lang="de">"#))
            #expect(german.headers[.contentLanguage] == "de")
            #expect(html.contains("Ihr erstes Passwort abholen"))
            #expect(html.contains(#"<label for="code">Abholcode</label>"#))
            #expect(html.contains(#"href="?lang=en""#))
            // English preferred over German by q; an unknown language falls back to English.
            #expect(PickupHTTP.text(try await PickupHTTP.get(client, pickup.path, language: "de;q=0.5, en-GB")).contains(#"<html lang="en">"#))
            #expect(PickupHTTP.text(try await PickupHTTP.get(client, pickup.path, language: "fr-FR, de;q=0")).contains(#"<html lang="en">"#))
            // ?lang= chooses, and its form posts back with it; anything else in it is ignored, never echoed.
            let chosen = PickupHTTP.text(try await PickupHTTP.get(client, pickup.path + "?lang=de", language: "en"))
            #expect(chosen.contains(#"<html lang="de">"#))
            #expect(chosen.contains(#"action="\#(pickup.path)?lang=de""#))
            for odd in ["fr", "%22%3E%3Cscript%3E", "de-DE%22onload", String(repeating: "d", count: 40)] {
                let page = PickupHTTP.text(try await PickupHTTP.get(client, pickup.path + "?lang=\(odd)"))
                #expect(page.contains(#"<html lang="en">"#))
                #expect(!page.contains("script>") && !page.contains("onload"))
            }

            // A wrong code in German.
            let form = PickupHTTP.served(german)
            fixture.clock.advance(3)
            let wrong = PickupHTTP.text(try await PickupHTTP.post(client, pickup.path, code: pickup.code == "00000000" ? "1" : "0", form: form, language: "de"))
            #expect(wrong.contains("Dieser Code stimmt nicht. Noch 4 Versuche."))
        }
    }
}
