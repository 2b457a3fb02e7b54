import FirstkeySimulator
import Foundation
import HTTPTypes
import Hummingbird
import Testing
import TestSupport
@testable import Delivery

/// TwilioSMSChannel against firstkey-sim's Twilio (Basic auth with the Auth Token or an API key,
/// form checks, errors), and the status callbacks it signs, checked by `TwilioRequestValidator`
/// and read by `TwilioStatusCallback` as Firstkey's server will.
@Suite struct TwilioSimulatorTests {
    static let sender = "+15017122661"

    struct Callback: Sendable {
        var valid: Bool
        var report: DeliveryStatusReport?
    }

    private func channel(_ simulator: FirstkeySimulator, account: SimulatedTwilioAccount, credential: TwilioCredential, callback: URL?,
                         transport: any DeliveryHTTPTransport) throws -> TwilioSMSChannel {
        TwilioSMSChannel(configuration: try TwilioConfiguration(
            accountSID: account.accountSID, credential: credential, sender: .phoneNumber(Self.sender), statusCallback: callback,
            baseURL: URL(string: simulator.httpURL)!, requestTimeout: .seconds(5)), transport: transport, logger: quietLogger)
    }

    private func account() -> SimulatedTwilioAccount {
        let token = "twilio-token-canary-\(UInt64.random(in: 0..<UInt64.max))"
        let keySecret = "twilio-key-canary-\(UInt64.random(in: 0..<UInt64.max))"
        TestSecrets.record(token)
        TestSecrets.record(keySecret)
        return SimulatedTwilioAccount(authToken: token, apiKeys: [.init(sid: TwilioSID.make("SK"), secret: keySecret)], phoneNumbers: [Self.sender])
    }

    @Test func sentWithAnAPIKeyAndReportedThroughSignedCallbacks() async throws {
        let callbacks = Collected<Callback>()
        let account = account()
        let validator = TwilioRequestValidator(authToken: account.authToken)
        try await LoopbackServer.with({ router in
            router.post("/twilio/status") { request, _ -> Response in
                let body = try await request.bodyBytes()
                // The URL exactly as configured in StatusCallback: what Twilio signs.
                let url = "http://127.0.0.1:\(request.head.authority?.split(separator: ":").last ?? "")/twilio/status"
                callbacks.append(Callback(valid: validator.isValid(signature: request.headers[HTTPField.Name("X-Twilio-Signature")!], url: url, formBody: body),
                                          report: TwilioStatusCallback.parse(formBody: body)))
                return Response(status: .noContent)
            }
        }) { port in
            try await Simulator.with { simulator, transport in
                simulator.registerTwilioAccount(account)
                simulator.setDeliveryRule(.undelivered(errorCode: 30003), for: "+491709999999")
                let key = account.apiKeys[0]
                let channel = try channel(simulator, account: account, credential: .apiKey(sid: key.sid, secret: key.secret),
                                          callback: URL(string: "http://127.0.0.1:\(port)/twilio/status"), transport: transport)
                let good = try await channel.send(Samples.message(firstAttemptAt: Date()))
                let lost = try await channel.send(Samples.message(recipient: "+491709999999", firstAttemptAt: Date()))
                #expect(good.status == .accepted && good.providerMessageID?.hasPrefix("SM") == true)
                #expect(simulator.sentSMS().map(\.body) == [Samples.message().text, Samples.message().text])

                // sent + delivered, sent + undelivered.
                let arrived = await callbacks.wait(for: 4)
                #expect(arrived.count == 4)
                let allValid = arrived.allSatisfy { $0.valid }
                #expect(allValid)
                let final = arrived.compactMap(\.report).filter { $0.status.isFinal }
                #expect(final.first { $0.providerMessageID == good.providerMessageID }?.status == .delivered)
                let failed = try #require(final.first { $0.providerMessageID == lost.providerMessageID })
                #expect(failed.providerErrorCode == "30003")
                #expect(failed.status == .failed(reason: "Twilio reports the SMS as undelivered (error 30003: the handset is unreachable (switched off or out of coverage))"))
                // A forged callback does not validate.
                let forged = validator.isValid(signature: "AAAA", url: "http://127.0.0.1:\(port)/twilio/status", formBody: Array("MessageSid=SM1&MessageStatus=delivered".utf8))
                #expect(!forged)
            }
        }
    }

    @Test func authTokenAndErrors() async throws {
        try await Simulator.with { simulator, transport in
            let account = account()
            simulator.registerTwilioAccount(account)
            let channel = try channel(simulator, account: account, credential: .authToken(account.authToken), callback: nil, transport: transport)
            #expect(try await channel.send(Samples.message(firstAttemptAt: Date())).providerMessageID?.hasPrefix("SM") == true)

            let invalid = try await #require(throws: DeliveryError.self) { try await channel.send(Samples.message(recipient: "+1555123456")) }
            #expect(invalid.code == .invalidRecipient && invalid.providerCode == "21211" && !invalid.isTransient)
            #expect(invalid.moreInfo == "https://www.twilio.com/docs/errors/21211")

            let wrong = try self.channel(simulator, account: account, credential: .authToken("not-the-token"), callback: nil, transport: transport)
            let unauthorized = try await #require(throws: DeliveryError.self) { try await wrong.send(Samples.message()) }
            #expect(unauthorized.code == .unauthorized && unauthorized.providerCode == "20003")
            #expect(!unauthorized.debugDescription.contains(account.authToken))

            simulator.addFault(.throttle("/2010-04-01", times: 1, retryAfter: 1))
            let throttled = try await #require(throws: DeliveryError.self) { try await channel.send(Samples.message()) }
            #expect(throttled.code == .throttled && throttled.isTransient)
            #expect(simulator.sentSMS().count == 1)
        }
    }
}
