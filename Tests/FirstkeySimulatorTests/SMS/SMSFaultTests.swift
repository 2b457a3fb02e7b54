import FirstkeySimulator
import Foundation
import HTTPTypes
import Testing

/// The fault plan applies to the SMS paths, answering in each provider's error shape.
@Suite("SMS faults")
struct SMSFaultTests {
    @Test("429 with Retry-After on /sms in ACS's shape, then normal answers; nothing is sent meanwhile")
    func throttleACS() async throws {
        try await SMSFixture.with { sms in
            sms.simulator.setFaults(FaultPlan([.throttle("/sms", times: 2, retryAfter: 2.5)]))
            for _ in 0..<2 {
                let result = try await sms.sendACS(SMSFixture.message(to: ["+11234567890"]))
                #expect(result.status == .tooManyRequests)
                #expect(result.header("Retry-After") == "2.5")
                #expect(result.json?["error"]?["code"] == "TooManyRequests")
            }
            #expect(sms.simulator.sentSMS().isEmpty)
            #expect(try await sms.sendACS(SMSFixture.message(to: ["+11234567890"])).status == .accepted)
        }
    }

    @Test("503 and 500 on /2010-04-01 in Twilio's shape; a method filter; latency")
    func twilioErrorsAndLatency() async throws {
        try await SMSFixture.with { sms in
            let fields: [(String, String)] = [("To", "+15558675310"), ("From", SMSFixture.twilioNumber), ("Body", "hi")]
            sms.simulator.setFaults(FaultPlan([
                .serverError("/2010-04-01", status: 503, times: 1, retryAfter: 10),
                FaultRule(pathPrefix: "/2010-04-01/Accounts", method: "POST", fault: .serverError(status: 500, retryAfter: nil), count: 1),
            ]))
            var result = try await sms.sendTwilio(fields)
            #expect(result.status == .serviceUnavailable)
            #expect(result.header("Retry-After") == "10")
            #expect(result.json?["code"] == 20503)
            #expect(result.json?["status"] == 503)
            result = try await sms.sendTwilio(fields)
            #expect(result.status == .internalServerError)
            #expect(result.json?["code"] == 20500)
            #expect(try await sms.sendTwilio(fields).status == .created)

            sms.simulator.setFaults(FaultPlan([.latency("/sms", seconds: 0.4, times: 1)]))
            let clock = ContinuousClock()
            let start = clock.now
            #expect(try await sms.sendACS(SMSFixture.message(to: ["+11234567890"])).status == .accepted)
            #expect(clock.now - start >= .milliseconds(400))
            sms.simulator.setFaults(FaultPlan([.serverError("/sms", status: 503, times: 1)]))
            result = try await sms.sendACS(SMSFixture.message(to: ["+11234567890"]))
            #expect(result.status == .serviceUnavailable)
            #expect(result.json?["error"]?["code"] == "ServiceUnavailable")
        }
    }

    @Test("a dropped connection on either provider sends nothing and closes without an answer")
    func dropConnection() async throws {
        try await SMSFixture.with { sms in
            sms.simulator.setFaults(FaultPlan([.dropConnection("/sms", times: 1), .dropConnection("/2010-04-01", times: 1)]))
            await #expect(throws: (any Error).self) { _ = try await sms.sendACS(SMSFixture.message(to: ["+11234567890"])) }
            await #expect(throws: (any Error).self) {
                _ = try await sms.sendTwilio([("To", "+15558675310"), ("From", SMSFixture.twilioNumber), ("Body", "hi")])
            }
            #expect(sms.simulator.sentSMS().isEmpty)
            let after = try await sms.sendACS(SMSFixture.message(to: ["+11234567890"]))
            #expect(after.status == .accepted)
        }
    }
}
