import FirstkeySimulator
import Foundation
import Logging
import Microsoft
import Onboarding
import OnboardingEngine
import Store
import Testing

/// Pull mode against the simulated tenant: hires in the window become cases once; the rest are
/// skipped with a reason; a Graph outage fails the run without half-writing anything.
@Suite struct HireDiscoveryTests {
    @Test func hiresInTheWindowBecomeCasesOnceAndTheRestSaySo() async throws {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let simulator = try await FirstkeySimulator.start(SimulatorConfiguration(httpsPort: nil), logger: logger)
        let secret = "sim~" + UUID().uuidString
        let application = SimulatedApplication(secrets: [secret], grantedRoles: ["User.Read.All"])
        simulator.registerApplication(application)
        let day: TimeInterval = 86_400
        let now = Date()
        simulator.addUser(SimulatedUser(userPrincipalName: "soon@contoso.example", mobilePhone: "+49 151 12345678", employeeId: "E1",
                                        employeeHireDate: now.addingTimeInterval(5 * day), onPremisesSamAccountName: "soon", onPremisesSyncEnabled: true))
        simulator.addUser(SimulatedUser(userPrincipalName: "tomorrow@contoso.example", employeeId: "E2",
                                        employeeHireDate: now.addingTimeInterval(day), onPremisesSyncEnabled: true))
        simulator.addUser(SimulatedUser(userPrincipalName: "cloud-only@contoso.example", employeeId: "E3", employeeHireDate: now.addingTimeInterval(2 * day)))
        simulator.addUser(SimulatedUser(userPrincipalName: "later@contoso.example", employeeId: "E4",
                                        employeeHireDate: now.addingTimeInterval(60 * day), onPremisesSyncEnabled: true))
        simulator.addUser(SimulatedUser(userPrincipalName: "veteran@contoso.example", employeeId: "E5",
                                        employeeHireDate: now.addingTimeInterval(-400 * day), onPremisesSyncEnabled: true))
        let configuration = try EntraConfiguration(tenantID: simulator.tenantID, clientID: application.clientID, credential: .secret(try EntraClientSecret(secret)),
                                                   authorityHost: URL(string: simulator.httpURL)!, graphBaseURL: URL(string: simulator.httpURL + "/v1.0")!)
        let transport = try AsyncHTTPClientTransport(configuration: configuration)
        let graph = GraphClient(configuration: configuration, tokens: EntraTokenClient(configuration: configuration, transport: transport, logger: logger),
                                transport: transport, retryPolicy: RetryPolicy(maximumAttempts: 2, baseDelay: .milliseconds(5), maximumDelay: .milliseconds(10)), logger: logger)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("firstkey-pull-\(UUID().uuidString).sqlite").path
        let store = try await SQLiteCaseStore.open(path: path)
        let engine = OnboardingEngine(store: store, lifecycle: CaseLifecycle(), runner: NoRunner())
        let discovery = HireDiscovery(graph: graph, engine: engine, lookaheadDays: 14, deliveryMode: .temporaryPassword, logger: logger)
        do {
            let first = try await discovery.runOnce(now: now)
            #expect(first.found == 3)
            #expect(first.opened.count == 2 && first.existing == 0)
            #expect(first.skipped.map(\.user) == ["cloud-only@contoso.example"])
            let cases = try await store.listCases(CaseFilter())
            #expect(Set(cases.compactMap(\.identity.employeeID)) == ["E1", "E2"])
            let soon = try #require(cases.first { $0.identity.employeeID == "E1" })
            #expect(soon.source == "pull" && soon.deliveryMode == .temporaryPassword)
            #expect(soon.recipients.mobilePhone == "+4915112345678" && soon.identity.samAccountName == "soon")

            let second = try await discovery.runOnce(now: now)
            #expect(second.opened.isEmpty && second.existing == 2)
            #expect(try await store.listCases(CaseFilter()).count == 2)

            simulator.addFault(.serverError("/v1.0/users", status: 500, times: 10))
            await #expect(throws: GraphError.self) { try await discovery.runOnce(now: now) }
            #expect(try await store.listCases(CaseFilter()).count == 2)
        } catch {
            await store.close(); try? await transport.shutdown(); try? await simulator.shutdown()
            throw error
        }
        await store.close(); try await transport.shutdown(); try await simulator.shutdown()
    }
}
