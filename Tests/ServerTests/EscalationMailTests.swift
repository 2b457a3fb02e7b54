import FirstkeySimulator
import Foundation
import Logging
import Microsoft
import Onboarding
import OnboardingEngine
import Store
import Testing

/// A case that fails for good tells the configured service desk by e-mail through Graph, once,
/// with the reason and the case — and no secret.
@Suite struct EscalationMailTests {
    @Test func aFailedCaseIsMailedToTheServiceDesk() async throws {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let simulator = try await FirstkeySimulator.start(SimulatorConfiguration(httpsPort: nil), logger: logger)
        let secret = "sim~" + UUID().uuidString
        let application = SimulatedApplication(secrets: [secret], grantedRoles: ["Mail.Send"])
        simulator.registerApplication(application)
        simulator.addUser(SimulatedUser(userPrincipalName: "firstkey@contoso.example", mail: "firstkey@contoso.example"))
        let configuration = try EntraConfiguration(tenantID: simulator.tenantID, clientID: application.clientID, credential: .secret(try EntraClientSecret(secret)),
                                                   authorityHost: URL(string: simulator.httpURL)!, graphBaseURL: URL(string: simulator.httpURL + "/v1.0")!)
        let transport = try AsyncHTTPClientTransport(configuration: configuration)
        let graph = GraphClient(configuration: configuration, tokens: EntraTokenClient(configuration: configuration, transport: transport, logger: logger),
                                transport: transport, logger: logger)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("firstkey-escalation-\(UUID().uuidString).sqlite").path
        let store = try await SQLiteCaseStore.open(path: path)
        let canary = "Canary-Secret-\(UInt32.random(in: 0..<UInt32.max))"
        let engine = OnboardingEngine(store: store, lifecycle: CaseLifecycle(deadlinePolicy: DeadlinePolicy(serviceDeskContact: "desk@contoso.example")),
                                      runner: FailingRunner(), escalations: GraphMailEscalationSink(graph: graph, senderMailbox: "firstkey@contoso.example", logger: logger))
        do {
            let (onboarding, _) = try await engine.intake(.init(identity: HireIdentity(userPrincipalName: "kjensen@contoso.example", employeeID: "701985", displayName: "Kathy Jensen"),
                                                                hireDate: Date().addingTimeInterval(7 * 86400), deliveryMode: .temporaryPassword,
                                                                recipients: Recipients(mobilePhone: "+15550100"), source: "test"), actor: "test")
            try await store.storeSealedSecret("v1:k:\(canary)", kind: "temporary-password", for: onboarding.id, at: Date())
            await engine.runOnce()
            let mails = simulator.sentMail()
            #expect(mails.count == 1)
            let mail = try #require(mails.first)
            #expect(mail.toRecipients == ["desk@contoso.example"] && mail.from.lowercased() == "firstkey@contoso.example")
            #expect(mail.subject.contains("Kathy Jensen"))
            #expect(mail.body.contains(onboarding.id.rawValue) && mail.body.contains("two AD accounts match"))
            #expect(!mail.body.contains(canary) && !mail.subject.contains(canary))
        } catch {
            await store.close(); try? await transport.shutdown(); try? await simulator.shutdown()
            throw error
        }
        await store.close(); try await transport.shutdown(); try await simulator.shutdown()
    }
}
