import Credentials
import Delivery
import Directory
import FirstkeySimulator
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Microsoft
import Onboarding
import OnboardingEngine
import Store
import Server
import Testing
import TestSupport

/// The first-password portal end to end over HTTP: simulated Entra sign-in, the real DC.
@Suite(.serialized, .enabled(if: IntegrationEnvironment.available))
struct PortalFlowTests {
    typealias Harness = PortalHarness

    @Test func aHireSignsInSetsTheirOwnPasswordAndCanBindWithIt() async throws {
        try await Harness.run { harness, client in
            let hire = try await harness.hire()
            let pass = try await harness.graph.createTemporaryAccessPass(for: hire.user.id)
            #expect(harness.simulator.temporaryAccessPasses(ofUser: hire.user.id).count == 1)
            _ = pass
            let jar = Harness.Jar()
            let callback = try await harness.signIn(client, jar: jar, as: hire.user)
            #expect(callback.status == .seeOther)
            #expect(callback.headers[.location] == "/portal")
            #expect(jar.cookies["firstkey_portal"] != nil)
            #expect(jar.cookies["firstkey_signin"] == nil)

            let (page, html) = try await harness.get(client, jar: jar)
            #expect(page.status == .ok)
            #expect(html.contains("\(hire.sam)@ad.example.test"))
            #expect(html.contains("at least 7 characters"))
            #expect(html.contains("not be one of your last 24 passwords"))
            #expect(page.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true)
            #expect(page.headers[.cacheControl] == "no-store")

            let password = TestSecrets.canaryPassword()
            let (done, doneHTML) = try await harness.submitPassword(client, jar: jar, page: html, password: password)
            #expect(done.status == .ok)
            #expect(doneHTML.contains("Your password was set at"))
            #expect(!doneHTML.contains(password))
            #expect(jar.cookies["firstkey_portal"] == nil)

            #expect(await harness.canBind(hire, password: password))
            let account = try await harness.directory.findUser(.samAccountName(hire.sam))
            #expect(account.isEnabled)
            #expect(account.pwdLastSet != 0)
            #expect(!account.mustChangePasswordAtNextLogon)
            #expect(harness.simulator.temporaryAccessPasses(ofUser: hire.user.id).isEmpty)

            let caseID = try #require(hire.caseID)
            let onboarding = try #require(try await harness.store.fetchCase(caseID))
            #expect(onboarding.state == .completed)
            #expect(onboarding.passwordChosenAt != nil)
            let audit = try await harness.store.auditTrail(of: onboarding.id)
            #expect(audit.contains { $0.event == "password.chosen" && $0.detail.contains("Temporary Access Passes deleted: 1") })
            #expect(!audit.contains { $0.detail.contains(password) })

            // Once per case: signing in again shows that it is done, and nothing else.
            let again = Harness.Jar()
            _ = try await harness.signIn(client, jar: again, as: hire.user)
            let (second, secondHTML) = try await harness.get(client, jar: again)
            #expect(second.status == .forbidden)
            #expect(secondHTML.contains("already set"))
            #expect(!secondHTML.contains("name=\"password\""))
        }
    }

    /// The page answers before the hire is told; the notice is the engine's work, due with the case,
    /// so a server stopped right after the page answered (the demo's step 20 once failed so) sends
    /// it when an engine runs again, once.
    @Test func thePasswordSetNoticeIsSentByTheEngineNotByThePage() async throws {
        let sms = RecordingChannel(kind: .sms)
        try await Harness.run(notices: { store in
            let composer = DeliveryComposer(templates: try DeliveryTemplates(), organizationName: "Contoso", helpContact: "the IT service desk (+1 555 0100)")
            let settings = DeliverySettings(channels: DeliveryChannelSet([sms]), composer: composer, publicURL: URL(string: Harness.publicURL))
            return DeliverySteps(settings: settings, store: store, sealer: nil)
        }) { harness, client in
            let hire = try await harness.hire()
            let caseID = try #require(hire.caseID)
            let jar = Harness.Jar()
            _ = try await harness.signIn(client, jar: jar, as: hire.user)
            let (_, html) = try await harness.get(client, jar: jar)
            let password = TestSecrets.canaryPassword()
            let (done, doneHTML) = try await harness.submitPassword(client, jar: jar, page: html, password: password)
            #expect(done.status == .ok && doneHTML.contains("Your password was set at"))
            // The page has answered; nothing has been sent yet, but the case holds the work.
            #expect(sms.messages.filter { $0.kind == .passwordSetNotice }.isEmpty)
            let completed = try #require(try await harness.store.fetchCase(caseID))
            #expect(completed.state == .completed && completed.currentStep?.kind == .cleanUp && completed.currentStep?.nextAttemptAt != nil)

            // A new engine on the same store (the server restarted) does it, once.
            let restarted = OnboardingEngine(store: harness.store, lifecycle: CaseLifecycle(), runner: DirectoryStepRunner(directory: harness.directory, issuer: nil, delivery: harness.delivery))
            for _ in 0..<5 where try await harness.store.fetchCase(caseID)?.state != .cleanedUp { _ = await restarted.runOnce() }
            let notices = sms.messages.filter { $0.kind == .passwordSetNotice }
            #expect(notices.map(\.recipient) == ["+15555550123"])
            #expect(notices.first?.text.contains("\(hire.sam)@ad.example.test was set on") == true)
            #expect(!notices.contains { $0.text.contains(password) })
            #expect(try await harness.store.fetchCase(caseID)?.state == .cleanedUp)
            let audit = try await harness.store.auditTrail(of: caseID)
            #expect(audit.contains { $0.event == "step.succeeded" && $0.detail.hasPrefix("clean-up: password-set notice sent by sms to ") })
            _ = await restarted.runOnce()
            #expect(sms.messages.filter { $0.kind == .passwordSetNotice }.count == 1)
        }
    }

    @Test func aPasswordThePolicyRefusesIsExplainedAndAnotherOneWorks() async throws {
        try await Harness.run { harness, client in
            let hire = try await harness.hire()
            let jar = Harness.Jar()
            _ = try await harness.signIn(client, jar: jar, as: hire.user)
            let (_, html) = try await harness.get(client, jar: jar)

            let (short, shortHTML) = try await harness.submitPassword(client, jar: jar, page: html, password: "Ab1!")
            #expect(short.status == .unprocessableContent)
            #expect(shortHTML.contains("shorter than the 7 characters"))
            let (named, namedHTML) = try await harness.submitPassword(client, jar: jar, page: html, password: "X1!\(hire.sam)zz")
            #expect(named.status == .unprocessableContent)
            #expect(namedHTML.contains("account name"))
            let (mismatch, mismatchHTML) = try await harness.submitPassword(client, jar: jar, page: html, password: TestSecrets.canaryPassword(), confirm: "other")
            #expect(mismatch.status == .unprocessableContent)
            #expect(mismatchHTML.contains("not the same"))
            #expect(!(await harness.canBind(hire, password: "Ab1!")))

            let password = TestSecrets.canaryPassword()
            let (done, _) = try await harness.submitPassword(client, jar: jar, page: html, password: password)
            #expect(done.status == .ok)
            #expect(await harness.canBind(hire, password: password))
        }
    }

    /// Whoever knows the synced initial password signs in with it: Conditional Access does not
    /// put the authentication context into the token, and the portal refuses in plain words.
    @Test func aSignInWithoutTheAuthenticationContextIsRefusedInPlainWords() async throws {
        try await Harness.run(requirements: SignInRequirements(authenticationContext: "c1")) { harness, client in
            let hire = try await harness.hire()
            let jar = Harness.Jar()
            let refused = try await harness.signIn(client, jar: jar, as: hire.user, login: .init(methods: "pwd", contexts: ""))
            #expect(refused.status == .forbidden)
            let text = String(buffer: refused.body)
            #expect(text.contains("did not meet your organisation") && text.contains("authentication context c1"))
            #expect(text.contains("Start again"))
            #expect(jar.cookies["firstkey_portal"] == nil)

            let accepted = try await harness.signIn(client, jar: Harness.Jar(), as: hire.user, login: .init(methods: "rsa,mfa", contexts: "c1"))
            #expect(accepted.status == .seeOther)
        }
    }

    @Test func anAuthenticationContextIsRequiredWhenConfigured() async throws {
        try await Harness.run(requirements: SignInRequirements(authenticationContext: "c1")) { harness, client in
            let hire = try await harness.hire()
            let refused = try await harness.signIn(client, jar: Harness.Jar(), as: hire.user, login: .init(contexts: ""))
            #expect(refused.status == .forbidden)
            #expect(String(buffer: refused.body).contains("authentication context c1"))
            let accepted = try await harness.signIn(client, jar: Harness.Jar(), as: hire.user, login: .init(contexts: "c1"))
            #expect(accepted.status == .seeOther)
        }
    }

    @Test func aStaleSignInIsRefused() async throws {
        try await Harness.run { harness, client in
            let hire = try await harness.hire()
            let refused = try await harness.signIn(client, jar: Harness.Jar(), as: hire.user, login: .init(authenticatedSecondsAgo: 3600))
            #expect(refused.status == .forbidden)
            #expect(String(buffer: refused.body).contains("too old"))
        }
    }

    @Test func aUserWithoutACaseIsToldSoAndAGroupMemberGetsOne() async throws {
        try await Harness.run(allowedGroups: ["5b0c7f0e-0000-4000-8000-00000000beef"]) { harness, client in
            let stranger = try await harness.hire(withCase: false)
            let jar = Harness.Jar()
            #expect(try await harness.signIn(client, jar: jar, as: stranger.user).status == .seeOther)
            let (page, html) = try await harness.get(client, jar: jar)
            #expect(page.status == .forbidden)
            #expect(html.contains("no onboarding case for your account"))

            let member = try await harness.hire(withCase: false, groups: ["5b0c7f0e-0000-4000-8000-00000000beef"])
            let memberJar = Harness.Jar()
            _ = try await harness.signIn(client, jar: memberJar, as: member.user)
            let (first, firstHTML) = try await harness.get(client, jar: memberJar)
            #expect(first.status == .forbidden)
            #expect(firstHTML.contains("still being prepared"))
            for _ in 0..<4 { _ = await harness.engine.runOnce() }
            let (ready, readyHTML) = try await harness.get(client, jar: memberJar)
            #expect(ready.status == .ok)
            let password = TestSecrets.canaryPassword()
            let (done, _) = try await harness.submitPassword(client, jar: memberJar, page: readyHTML, password: password)
            #expect(done.status == .ok)
            #expect(await harness.canBind(member, password: password))
        }
    }

    @Test func aPortalCallbackReplayedAtASecondInstanceIsRefused() async throws {
        try await Harness.runTwoInstances { harness, first, second in
            let hire = try await harness.hire()
            let jar = Harness.Jar()
            let fields = try await harness.signInAtEntra(first, jar: jar, as: hire.user)
            let signInCookie = try #require(jar.cookies["firstkey_signin"])
            #expect(try await harness.postCallback(first, jar: jar, fields).status == .seeOther)

            // The captured form post and sign-in cookie, sent to the other instance behind the load balancer.
            let attacker = Harness.Jar()
            attacker.cookies["firstkey_signin"] = signInCookie
            let replayed = try await harness.postCallback(second, jar: attacker, fields)
            #expect(replayed.status == .badRequest)
            #expect(String(buffer: replayed.body).contains("already used"))
            #expect(attacker.cookies["firstkey_portal"] == nil)

            // A sign-in started at one instance still finishes at the other (only the state is single-use).
            let roaming = Harness.Jar()
            let fresh = try await harness.signInAtEntra(first, jar: roaming, as: hire.user)
            #expect(try await harness.postCallback(second, jar: roaming, fresh).status == .seeOther)
            #expect(roaming.cookies["firstkey_portal"] != nil)
        }
    }

    /// Over HTTPS every portal cookie is a `__Host-` cookie: Secure, Path=/, no Domain.
    @Test func overHTTPSThePortalsCookiesAreHostCookies() async throws {
        try await Harness.run(publicURL: "https://firstkey.contoso.test") { harness, client in
            let hire = try await harness.hire()
            let jar = Harness.Jar()
            let fields = try await harness.signInAtEntra(client, jar: jar, as: hire.user)
            #expect(jar.cookies["__Host-firstkey_signin"] != nil && jar.cookies["firstkey_signin"] == nil, "\(jar.cookies.keys)")
            let signedIn = try await harness.postCallback(client, jar: jar, fields)
            #expect(signedIn.status == .seeOther)
            let setCookies = signedIn.headers[values: .setCookie]
            let session = try #require(setCookies.first { $0.hasPrefix("__Host-firstkey_portal=") }, "\(setCookies)")
            let attributes = Set(session.split(separator: ";").dropFirst().map { $0.trimmingCharacters(in: .whitespaces) })
            #expect(attributes.isSuperset(of: ["Path=/", "Secure", "HttpOnly"]) && !session.lowercased().contains("domain="), "\(session)")
            let (page, _) = try await harness.get(client, jar: jar)
            #expect(page.status == .ok, "the session cookie is read back under its prefixed name")
        }
    }

    @Test func aReplayedOrForgedCallbackIsRefused() async throws {
        try await Harness.run { harness, client in
            let hire = try await harness.hire()
            let jar = Harness.Jar()
            let fields = try await harness.signInAtEntra(client, jar: jar, as: hire.user)
            let signInCookie = try #require(jar.cookies["firstkey_signin"])
            #expect(try await harness.postCallback(client, jar: jar, fields).status == .seeOther)

            // The same form post again, even with the sign-in cookie put back.
            let replay = Harness.Jar()
            replay.cookies["firstkey_signin"] = signInCookie
            let replayed = try await harness.postCallback(client, jar: replay, fields)
            #expect(replayed.status == .badRequest)
            #expect(String(buffer: replayed.body).contains("already used"))
            #expect(replay.cookies["firstkey_portal"] == nil)

            // Without the cookie of the browser that started it (login CSRF).
            let otherBrowser = Harness.Jar()
            let fresh = try await harness.signInAtEntra(client, jar: Harness.Jar(), as: hire.user)
            let foreign = try await harness.postCallback(client, jar: otherBrowser, fresh)
            #expect(foreign.status == .badRequest)
            #expect(otherBrowser.cookies["firstkey_portal"] == nil)

            // A state that is not this browser's.
            let mine = Harness.Jar()
            var tampered = try await harness.signInAtEntra(client, jar: mine, as: hire.user)
            tampered = tampered.map { $0.0 == "state" ? ($0.0, $0.1 + "x") : $0 }
            #expect(try await harness.postCallback(client, jar: mine, tampered).status == .badRequest)

            // A made-up code.
            let guessed = Harness.Jar()
            var made = try await harness.signInAtEntra(client, jar: guessed, as: hire.user)
            made = made.map { $0.0 == "code" ? ($0.0, "0.AAAA-guessed") : $0 }
            let refused = try await harness.postCallback(client, jar: guessed, made)
            #expect(refused.status == .badRequest)
            #expect(guessed.cookies["firstkey_portal"] == nil)

            // A forged session cookie opens nothing.
            let forged = Harness.Jar()
            forged.cookies["firstkey_portal"] = "djE6YWJjZDEyMzQ6QUFBQQ"
            let (landing, landingHTML) = try await harness.get(client, jar: forged)
            #expect(landing.status == .ok)
            #expect(landingHTML.contains("Sign in with your work account"))
        }
    }

    @Test func aPasswordFormWithoutTheSessionsTokenChangesNothing() async throws {
        try await Harness.run { harness, client in
            let hire = try await harness.hire()
            let jar = Harness.Jar()
            _ = try await harness.signIn(client, jar: jar, as: hire.user)
            let (_, html) = try await harness.get(client, jar: jar)
            let caseID = try #require(Harness.value(of: "case", in: html))
            let password = TestSecrets.canaryPassword()

            let (missing, _) = try await harness.post(client, jar: jar, "/portal/password", [("case", caseID), ("password", password), ("confirm", password)])
            #expect(missing.status == .forbidden)
            let (wrong, _) = try await harness.post(client, jar: jar, "/portal/password",
                                                    [("csrf", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"), ("case", caseID), ("password", password), ("confirm", password)])
            #expect(wrong.status == .forbidden)
            let csrf = try #require(Harness.value(of: "csrf", in: html))
            let (crossSite, _) = try await harness.post(client, jar: jar, "/portal/password", [("csrf", csrf), ("case", caseID), ("password", password), ("confirm", password)],
                                                        origin: "https://evil.example")
            #expect(crossSite.status == .forbidden)
            let (noSession, _) = try await harness.post(client, jar: Harness.Jar(), "/portal/password", [("csrf", csrf), ("case", caseID), ("password", password), ("confirm", password)])
            #expect(noSession.status == .forbidden)
            #expect(!(await harness.canBind(hire, password: password)))
            let openCase = try #require(hire.caseID)
            let onboarding = try #require(try await harness.store.fetchCase(openCase))
            #expect(onboarding.passwordChosenAt == nil)
            #expect(onboarding.passwordClaimedAt == nil)
        }
    }

    @Test func twoRacingSubmissionsSetOnePassword() async throws {
        try await Harness.run { harness, client in
            let hire = try await harness.hire()
            let jar = Harness.Jar()
            _ = try await harness.signIn(client, jar: jar, as: hire.user)
            let (_, html) = try await harness.get(client, jar: jar)
            let passwords = (0..<4).map { _ in TestSecrets.canaryPassword() }
            let statuses = await withTaskGroup(of: (String, HTTPResponse.Status).self) { group in
                for password in passwords {
                    let own = jar.copy()
                    group.addTask { (password, (try? await harness.submitPassword(client, jar: own, page: html, password: password).0.status) ?? .internalServerError) }
                }
                return await group.reduce(into: [(String, HTTPResponse.Status)]()) { $0.append($1) }
            }
            let winners = statuses.filter { $0.1 == .ok }
            #expect(winners.count == 1)
            #expect(statuses.filter { $0.1 == .forbidden }.count == passwords.count - 1)
            if let winner = winners.first { #expect(await harness.canBind(hire, password: winner.0)) }
        }
    }
}

/// A delivery channel that accepts every message and keeps it, for tests that read what was sent.
final class RecordingChannel: DeliveryChannel, @unchecked Sendable {
    let kind: DeliveryChannelKind
    let provider = DeliveryProvider("recording")
    private let lock = NSLock()
    private var sent: [DeliveryMessage] = []

    init(kind: DeliveryChannelKind) { self.kind = kind }

    var messages: [DeliveryMessage] { lock.withLock { sent } }

    func send(_ message: DeliveryMessage) async throws(DeliveryError) -> DeliveryReceipt {
        let count = lock.withLock { sent.append(message); return sent.count }
        return DeliveryReceipt(status: .accepted, provider: provider, channel: kind, providerMessageID: "recorded-\(count)", idempotencyKey: message.idempotencyKey, at: Date())
    }
}
