import Foundation
import Testing
import TestSupport
@testable import Delivery

/// Every HTTP channel names itself and the (masked) recipient on a transport failure, and logs
/// one line without the body.
@Suite struct ChannelErrorLabelTests {
    let lost = ScriptedTransport { _ throws(DeliveryError) in
        throw DeliveryError(.connectionLost, mayHaveBeenSent: true, detail: "the connection failed (relay:443/sms)")
    }

    private func channels(_ logs: CapturedLogs) throws -> [(any DeliveryChannel, DeliveryMessage)] {
        let acs = ACSSMSChannel(
            configuration: try ACSSMSConfiguration(connectionString: try ACSConnectionString("endpoint=https://x.communication.azure.com;accesskey=\(ACSSigningTests.key)"), from: "+18005550100"),
            transport: lost, logger: logs.logger)
        let twilio = TwilioSMSChannel(
            configuration: try TwilioConfiguration(accountSID: TwilioMessagesTests.accountSID, credential: .authToken("t"), sender: .phoneNumber("+15017122661")),
            transport: lost, logger: logs.logger)
        let webhook = WebhookChannel(configuration: try WebhookConfiguration(url: URL(string: "https://relay.contoso.com/sms")!, secret: WebhookTests.secret),
                                     transport: lost, logger: logs.logger)
        return [(acs, Samples.message()), (twilio, Samples.message()), (webhook, Samples.message(channel: .webhook))]
    }

    @Test func transportFailures() async throws {
        let logs = CapturedLogs()
        for (channel, message) in try channels(logs) {
            let error = try await #require(throws: DeliveryError.self) { try await channel.send(message) }
            #expect(error.provider == channel.provider)
            #expect(error.maskedRecipient == "+49••••••••67")
            #expect(error.isTransient && error.mayHaveBeenSent)
            #expect(!error.description.contains("4711-0815"))
        }
        #expect(logs.all.count == 3)
        #expect(logs.all.allSatisfy { $0.hasPrefix("warning message not sent") && !$0.contains("4711-0815") && !$0.contains("+491701234567") })
        #expect(lost.requests.count == 3)
    }

    @Test func nothingIsSentForAMessageTheChannelCannotTake() async throws {
        let logs = CapturedLogs()
        let counting = ScriptedTransport { _ throws(DeliveryError) in DeliveryHTTPResponse(status: 500) }
        let acs = ACSSMSChannel(
            configuration: try ACSSMSConfiguration(connectionString: try ACSConnectionString("endpoint=https://x.communication.azure.com;accesskey=\(ACSSigningTests.key)"), from: "+18005550100"),
            transport: counting, logger: logs.logger)
        for message in [Samples.message(recipient: "0170 1234567"), Samples.message(channel: .email), Samples.message(text: ""),
                        Samples.message(text: String(repeating: "a", count: 2049))] {
            let error = try await #require(throws: DeliveryError.self) { try await acs.send(message) }
            #expect(!error.isTransient)
        }
        #expect(counting.requests.isEmpty)
    }
}
