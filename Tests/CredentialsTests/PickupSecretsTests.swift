import Foundation
import Testing
import TestSupport
@testable import Credentials

@Suite struct PickupSecretsTests {
    @Test func tokensCarry128BitsAndCodesEightDigits() {
        var seen: Set<String> = []
        for _ in 0..<1000 {
            let secrets = PickupSecrets.generate()
            #expect(secrets.token.count == 22 && !secrets.token.contains("+") && !secrets.token.contains("/") && !secrets.token.contains("="))
            #expect(Data(base64Encoded: secrets.token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/") + "==")?.count == 16)
            #expect(secrets.code.count == 8 && secrets.code.allSatisfy(\.isNumber))
            seen.insert(secrets.token)
        }
        #expect(seen.count == 1000)
        var a = SplitMix64(seed: 3), b = SplitMix64(seed: 3)
        #expect(PickupSecrets.generate(using: &a).token == PickupSecrets.generate(using: &b).token)
    }

    @Test func theTokenDigestIsSHA256() {
        // printf %s abc | sha256sum
        #expect(PickupSecrets.tokenDigest("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func codeDigestsAreKeyedBoundToTheCaseAndComparedWhole() {
        let key = SealingKey.generate()
        let digester = PickupCodeDigester(sealingKey: key)
        let stored = digester.digest("12345678", caseID: "case_1")
        #expect(digester.matches("12345678", caseID: "case_1", digest: stored))
        #expect(digester.matches(" 1234-5678 ", caseID: "case_1", digest: stored))   // as people type it
        #expect(!digester.matches("12345679", caseID: "case_1", digest: stored))
        #expect(!digester.matches("12345678", caseID: "case_2", digest: stored))
        #expect(!digester.matches("12345678", caseID: "case_1", digest: String(stored.dropLast())))
        #expect(!stored.contains("12345678"))
        // another installation's key gives another digest: the database alone proves nothing
        #expect(PickupCodeDigester(sealingKey: SealingKey.generate()).digest("12345678", caseID: "case_1") != stored)
    }
}
