import FirstkeySimulator
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Testing
import TestSupport
@testable import Delivery

/// ACSSMSChannel against firstkey-sim's Azure Communication Services (HMAC checked by the
/// simulator, repeatability, Event Grid delivery reports to an endpoint built on
/// `EventGridNotification`, faults), over HTTP and HTTPS.
@Suite struct ACSSimulatorTests {
    static let sender = "+18005550100"

    private func channel(_ connectionString: String, transport: any DeliveryHTTPTransport, logger: Logger = quietLogger) throws -> ACSSMSChannel {
        ACSSMSChannel(configuration: try ACSSMSConfiguration(connectionString: try ACSConnectionString(connectionString), from: Self.sender, requestTimeout: .seconds(5)),
                      transport: transport, logger: logger)
    }

    private func codeMessage(to number: String = "+491701234567", key: String = "firstkey/\(UUID().uuidString)/deliver/0/pickup-code/sms", code: String) -> DeliveryMessage {
        Samples.message(recipient: number, text: "Contoso: Your pickup code is \(code). Enter it on the page linked in our e-mail.", key: key, firstAttemptAt: Date(), sensitive: [code])
    }

    private func canaryCode() -> String {
        let code = "code-canary-\(UInt64.random(in: 0..<UInt64.max))"
        TestSecrets.record(code)
        return code
    }

    @Test func aRetryIsNotSentTwice() async throws {
        try await Simulator.with { simulator, transport in
            let connectionString = simulator.registerCommunicationResource(SimulatedCommunicationResource(name: "contoso-sms", phoneNumbers: [Self.sender]))
            let logs = CapturedLogs()
            let channel = try channel(connectionString, transport: transport, logger: logs.logger)
            let code = canaryCode()
            let message = codeMessage(code: code)

            let first = try await channel.send(message)
            let retry = try await channel.send(message)
            #expect(first.status == .accepted)
            #expect(first.providerMessageID?.hasPrefix("Outgoing_") == true)
            #expect(retry.providerMessageID == first.providerMessageID)
            let outbox = simulator.sentSMS()
            #expect(outbox.count == 1)
            #expect(outbox.first?.body == message.text)
            #expect(outbox.first?.tag == "case-1")
            #expect(outbox.first?.from == Self.sender)
            #expect(outbox.first?.deliveryReportRequested == true)

            // Another round is another message.
            _ = try await channel.send(codeMessage(key: "firstkey/x/deliver/1/pickup-code/sms", code: code))
            #expect(simulator.sentSMS().count == 2)
            let key = try #require(simulator.communicationResource(named: "contoso-sms")?.accessKey)
            for line in logs.all { #expect(!line.contains(code) && !line.contains(key) && !line.contains("+491701234567"), "\(line)") }
        }
    }

    @Test func aWrongKeyIsRefused() async throws {
        try await Simulator.with { simulator, transport in
            let real = simulator.registerCommunicationResource(SimulatedCommunicationResource(name: "contoso-sms", phoneNumbers: [Self.sender]))
            let wrongKey = Data((0..<32).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
            let forged = real.components(separatedBy: "accesskey=")[0] + "accesskey=" + wrongKey
            let error = try await #require(throws: DeliveryError.self) { try await channel(forged, transport: transport).send(codeMessage(code: canaryCode())) }
            #expect(error.code == .unauthorized && !error.isTransient)
            #expect(error.providerCode == "Denied")
            #expect(!error.description.contains(wrongKey) && !error.debugDescription.contains(wrongKey))
            #expect(simulator.sentSMS().isEmpty)
        }
    }

    @Test func aNumberACSRefusesIsPermanent() async throws {
        try await Simulator.with { simulator, transport in
            let connectionString = simulator.registerCommunicationResource(SimulatedCommunicationResource(name: "contoso-sms", phoneNumbers: [Self.sender]))
            // E.164-shaped, but a North American number needs ten digits after +1.
            let error = try await #require(throws: DeliveryError.self) { try await channel(connectionString, transport: transport).send(codeMessage(to: "+1555123456", code: canaryCode())) }
            #expect(error.code == .invalidRecipient && !error.isTransient)
            #expect(error.httpStatus == 400)
        }
    }

    @Test func throttlingAndOutagesAreTransient() async throws {
        try await Simulator.with { simulator, transport in
            let connectionString = simulator.registerCommunicationResource(SimulatedCommunicationResource(name: "contoso-sms", phoneNumbers: [Self.sender]))
            let channel = try channel(connectionString, transport: transport)
            simulator.addFault(.throttle("/sms", times: 1, retryAfter: 3))
            let throttled = try await #require(throws: DeliveryError.self) { try await channel.send(codeMessage(code: canaryCode())) }
            #expect(throttled.code == .throttled && throttled.isTransient && throttled.retryAfter == .seconds(3))
            simulator.addFault(.serverError("/sms", status: 503, times: 1))
            let outage = try await #require(throws: DeliveryError.self) { try await channel.send(codeMessage(code: canaryCode())) }
            #expect(outage.code == .providerUnavailable && outage.isTransient)
            #expect(simulator.sentSMS().isEmpty)
            // Nothing listening: nothing sent.
            let closed = try self.channel("endpoint=http://127.0.0.1:1/;accesskey=\(Data(repeating: 1, count: 32).base64EncodedString())", transport: transport)
            let unreachable = try await #require(throws: DeliveryError.self) { try await closed.send(codeMessage(code: canaryCode())) }
            #expect(unreachable.code == .unreachable && unreachable.isTransient && !unreachable.mayHaveBeenSent)
        }
    }

    @Test func deliveryReportsThroughEventGrid() async throws {
        let reports = Collected<DeliveryStatusReport>()
        let validations = Collected<String>()
        try await LoopbackServer.with({ router in
            // What Firstkey's server does with Event Grid's POSTs.
            router.post("/events/acs") { request, _ -> Response in
                let body = try await request.bodyBytes()
                switch try EventGridNotification.parse(body, eventTypeHeader: request.headers[HTTPField.Name("aeg-event-type")!]) {
                case .subscriptionValidation(let validation):
                    validations.append(validation.validationCode)
                    return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: .init(bytes: validation.responseBody)))
                case .deliveryReports(let batch, _):
                    batch.forEach(reports.append)
                    return Response(status: .ok)
                }
            }
        }) { port in
            try await Simulator.with { simulator, transport in
                let connectionString = simulator.registerCommunicationResource(SimulatedCommunicationResource(name: "contoso-sms", phoneNumbers: [Self.sender]))
                let subscription = try await simulator.registerEventGridSubscription(
                    EventGridSubscription(name: "firstkey-sms", endpoint: "http://127.0.0.1:\(port)/events/acs", resourceName: "contoso-sms"))
                #expect(subscription.isActive)
                #expect(validations.all.count == 1)
                simulator.setDeliveryRule(.undelivered(errorCode: 4006), for: "+491709999999")

                let channel = try channel(connectionString, transport: transport)
                let delivered = try await channel.send(codeMessage(code: canaryCode()))
                let lost = try await channel.send(codeMessage(to: "+491709999999", code: canaryCode()))
                let arrived = await reports.wait(for: 2)
                #expect(arrived.count == 2)
                let good = try #require(arrived.first { $0.providerMessageID == delivered.providerMessageID })
                #expect(good.status == .delivered && good.tag == "case-1" && good.provider == .azureCommunicationServices)
                let bad = try #require(arrived.first { $0.providerMessageID == lost.providerMessageID })
                guard case .failed(let reason) = bad.status else { Issue.record("not failed: \(bad)"); return }
                #expect(!reason.isEmpty)
                #expect(bad.maskedRecipient == "+49••••••••99")
            }
        }
    }

    @Test func httpsWithTheSimulatorsCA() async throws {
        try await Simulator.with(https: true) { simulator, transport in
            simulator.registerCommunicationResource(SimulatedCommunicationResource(name: "contoso-sms", phoneNumbers: [Self.sender]))
            let resource = try #require(simulator.communicationResource(named: "contoso-sms"))
            let connectionString = resource.connectionString(endpoint: try #require(simulator.httpsURL))
            let receipt = try await channel(connectionString, transport: transport).send(codeMessage(code: canaryCode()))
            #expect(receipt.status == DeliveryReceipt.Status.accepted)

            let error = try await withDeliveryTransport { untrusting in
                await #expect(throws: DeliveryError.self) { try await channel(connectionString, transport: untrusting).send(codeMessage(code: canaryCode())) }
            }
            #expect(error?.code == .tlsFailed && error?.mayHaveBeenSent == false)
            #expect(simulator.sentSMS().count == 1)
        }
    }
}
