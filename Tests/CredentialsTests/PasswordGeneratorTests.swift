import Foundation
import Testing
import TestSupport

@testable import Credentials

@Suite struct PasswordGeneratorTests {
    typealias Style = PasswordGenerator.Style

    let generator = PasswordGenerator()

    static let requirementSets: [PasswordRequirements] = [
        .activeDirectoryDefault,
        PasswordRequirements(minimumLength: 24, forbiddenSubstrings: ["jsmith", "John", "Smith"]),
        PasswordRequirements(minimumLength: 12, complexityRequired: false),
    ]

    static let lookAlikes: Set<Character> = ["0", "O", "o", "1", "l", "I", "|", "`", "'", "\"", " "]
    static let words = Set(WordList.bundled.words)

    // MARK: Every style meets the requirements

    @Test(arguments: Style.allCases, requirementSets)
    func meetsRequirementsWithSeededGenerators(style: Style, requirements: PasswordRequirements) throws {
        for seed in 0..<1_000 as Range<UInt64> {
            var random = SplitMix64(seed: seed)
            let password = try generator.generate(style: style, requirements: requirements, using: &random)
            try expectWellFormed(password, style: style, requirements: requirements)
        }
    }

    @Test(arguments: Style.allCases, requirementSets)
    func meetsRequirementsWithTheSystemGenerator(style: Style, requirements: PasswordRequirements) throws {
        for _ in 0..<1_000 {
            let password = try generator.generate(style: style, requirements: requirements)
            try expectWellFormed(password, style: style, requirements: requirements)
        }
    }

    func expectWellFormed(_ password: GeneratedPassword, style: Style, requirements: PasswordRequirements) throws {
        let value = password.value
        try #require(requirements.violations(of: value).isEmpty, "\(style) broke \(requirements)")
        #expect(password.style == style)
        #expect(password.entropyBits >= PasswordGenerator.targetEntropyBits)
        #expect(value.allSatisfy { $0.isASCII })
        switch style {
        case .random:
            #expect(!value.contains(where: Self.lookAlikes.contains))
            #expect(value.count == max(16, requirements.minimumLength))
            #expect(value.utf8.allSatisfy(Set("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789!$*-=@".utf8).contains))
        case .passphrase:
            let words = value.dropLast().split(separator: "-", omittingEmptySubsequences: false)
            #expect(words.count >= 5)
            #expect(words.filter { $0.first!.isUppercase }.count == 1)
            #expect(words.allSatisfy { Self.words.contains($0.lowercased()) })
            #expect(value.last!.isNumber)
        case .easyToType:
            #expect(!value.contains(where: Self.lookAlikes.contains))
            #expect(value.count >= 20)
            #expect(value.filter(\.isUppercase).count == 1)
            #expect(value.allSatisfy { $0.isLetter || $0.isNumber })
        }
    }

    // MARK: Forbidden substrings

    @Test(arguments: Style.allCases)
    func forbiddenSubstringsNeverAppear(style: Style) throws {
        // Common fragments, so that the words and syllables that contain them are really avoided.
        let forbidden = ["ali", "ter", "ana", "Ken", "bab", "ing"]
        let requirements = PasswordRequirements(minimumLength: 12, forbiddenSubstrings: forbidden)
        for seed in 0..<1_000 as Range<UInt64> {
            var random = SplitMix64(seed: seed)
            let value = try generator.generate(style: style, requirements: requirements, using: &random).value.lowercased()
            for token in forbidden {
                #expect(!value.contains(token.lowercased()))
            }
        }
    }

    @Test func passphraseEntropyCountsOnlyWordsThatCanAppear() throws {
        let plain = try generator.generate(style: .passphrase, requirements: .activeDirectoryDefault)
        let forbidding = try generator.generate(
            style: .passphrase, requirements: PasswordRequirements(minimumLength: 7, forbiddenSubstrings: ["ali", "ter"])
        )
        let remaining = generator.wordList.words.filter { !$0.contains("ali") && !$0.contains("ter") }.count
        #expect(remaining < generator.wordList.words.count)
        #expect(forbidding.entropyBits == 5 * log2(Double(remaining)) + log2(5) + log2(8))
        #expect(forbidding.entropyBits < plain.entropyBits)
    }

    @Test func unavoidableForbiddenSubstringsAreReported() {
        // Every consonant–vowel–consonant run is forbidden, so no easy-to-type password can pass.
        let runs = "bdfghjkmnprstvwz".flatMap { first in
            "aeiu".flatMap { vowel in "bdfghjkmnprstvwz".map { String([first, vowel, $0]) } }
        }
        var limited = generator
        limited.maximumAttempts = 20
        let error = #expect(throws: PasswordGeneratorError.self) {
            try limited.generate(style: .easyToType, requirements: PasswordRequirements(minimumLength: 7, forbiddenSubstrings: runs))
        }
        #expect(error?.code == .noCompliantPassword)
        #expect(error?.description.contains("bab") == false)
    }

    // MARK: Entropy

    @Test func randomEntropyIsNearlyLengthTimesLog2OfTheAlphabet() throws {
        let password = try generator.generate(style: .random, requirements: .activeDirectoryDefault)
        let alphabetSize = 62.0
        #expect(password.value.count == 16)
        #expect(password.entropyBits <= 16 * log2(alphabetSize))
        #expect(password.entropyBits > 16 * log2(alphabetSize) - 0.1)

        let plain = try generator.generate(style: .random, requirements: PasswordRequirements(minimumLength: 16, complexityRequired: false))
        #expect(plain.entropyBits == 16 * log2(alphabetSize))
    }

    /// The inclusion–exclusion count against a direct count over the groups of each position.
    @Test(arguments: [3, 4, 5, 6])
    func randomEntropyCountsExactlyTheCompliantStrings(length: Int) throws {
        let groupSizes = [24, 24, 8, 6]
        var compliant = 0.0
        for assignment in 0..<Int(pow(4, Double(length))) {
            var rest = assignment
            var sizes = 1.0
            var used: Set<Int> = []
            for _ in 0..<length {
                used.insert(rest % 4)
                sizes *= Double(groupSizes[rest % 4])
                rest /= 4
            }
            if used.count >= 3 { compliant += sizes }
        }
        let password = try generator.generate(
            style: .random, requirements: PasswordRequirements(minimumLength: 3), length: length
        )
        #expect(abs(password.entropyBits - log2(compliant)) < 1e-9)
    }

    @Test func passphraseAndEasyToTypeEntropy() throws {
        let passphrase = try generator.generate(style: .passphrase, requirements: .activeDirectoryDefault)
        #expect(generator.wordList.words.count == 7_776)
        // Five words, which one is capitalised, and a digit from 2–9.
        #expect(passphrase.entropyBits == 5 * log2(7_776) + log2(5) + log2(8))
        #expect(passphrase.entropyBits >= 60)

        let easy = try generator.generate(style: .easyToType, requirements: .activeDirectoryDefault)
        // Nine syllables of 16 consonants × 4 vowels, which one is capitalised, two digits from 2–9.
        #expect(easy.entropyBits == 9 * 6 + log2(9) + 2 * 3)
        #expect(easy.value.count == 20)
    }

    @Test func lengthGrowsTheOtherStylesByWholeUnits() throws {
        let requirements = PasswordRequirements(minimumLength: 40)
        let passphrase = try generator.generate(style: .passphrase, requirements: requirements)
        #expect(passphrase.value.count >= 40)
        #expect(passphrase.value.split(separator: "-").count == 8)
        let easy = try generator.generate(style: .easyToType, requirements: requirements)
        #expect(easy.value.count >= 40)
        let random = try generator.generate(style: .random, requirements: requirements, length: 50)
        #expect(random.value.count == 50)
    }

    // MARK: Distinct and reproducible

    @Test(arguments: Style.allCases)
    func thousandPasswordsAreAllDifferent(style: Style) throws {
        var seen: Set<String> = []
        for _ in 0..<1_000 {
            seen.insert(try generator.generate(style: style, requirements: .activeDirectoryDefault).value)
        }
        #expect(seen.count == 1_000)
    }

    @Test(arguments: Style.allCases)
    func aSeedReproducesItsPassword(style: Style) throws {
        var first = SplitMix64(seed: 42)
        var second = SplitMix64(seed: 42)
        let a = try generator.generate(style: style, requirements: .activeDirectoryDefault, using: &first)
        let b = try generator.generate(style: style, requirements: .activeDirectoryDefault, using: &second)
        #expect(a.value == b.value)
    }

    // MARK: Impossible requests

    @Test(arguments: Style.allCases)
    func contradictoryRequirementsThrow(style: Style) {
        let error = #expect(throws: PasswordGeneratorError.self) {
            try generator.generate(style: style, requirements: PasswordRequirements(minimumLength: 20, maximumLength: 10))
        }
        #expect(error?.code == .unsatisfiableRequirements)
        #expect(error?.style == style)
    }

    @Test(arguments: Style.allCases)
    func lengthOutsideTheRequirementsThrows(style: Style) {
        for length in [6, 129] {
            let error = #expect(throws: PasswordGeneratorError.self) {
                try generator.generate(style: style, requirements: .activeDirectoryDefault, length: length)
            }
            #expect(error?.code == .lengthOutOfRange)
        }
    }

    @Test func stylesThatCannotFitTheMaximumThrow() throws {
        let tight = PasswordRequirements(minimumLength: 8, maximumLength: 16)
        for style in [Style.passphrase, .easyToType] {
            let error = #expect(throws: PasswordGeneratorError.self) {
                try generator.generate(style: style, requirements: tight)
            }
            #expect(error?.code == .unsatisfiableRequirements)
        }
        #expect(try generator.generate(style: .random, requirements: tight).value.count == 16)
    }

    @Test func aMissingWordListIsReportedNotFatal() {
        let error = #expect(throws: PasswordGeneratorError.self) {
            try PasswordGenerator(wordList: WordList(words: [])).generate(style: .passphrase, requirements: .activeDirectoryDefault)
        }
        #expect(error?.code == .wordListUnavailable)
    }

    @Test func theBundledWordListIsWellFormed() {
        let words = WordList.bundled.words
        #expect(words.count == 7_776)
        #expect(Set(words).count == words.count)
        #expect(words.allSatisfy { (4...8).contains($0.count) && $0.allSatisfy { $0.isASCII && $0.isLowercase } })
        #expect(WordList.parse("able\nbaker\n\nable\n") == ["able", "baker"])
        #expect(WordList.parse("able\nBaker\n").isEmpty)
    }

    @Test(arguments: [["ali"], ["ter", "ing"], ["zoë"], ["a-b", "x2z"], ["abcdefghij"], ["e"], []])
    func avoidingWordsAgreesWithStringContains(needles: [String]) {
        let list = WordList.bundled
        #expect(list.words(avoiding: needles) == list.words.filter { word in !needles.contains { word.contains($0) } })
    }

    // MARK: Never shown

    @Test(arguments: Style.allCases)
    func descriptionsNeverShowTheValue(style: Style) throws {
        let password = try generator.generate(style: style, requirements: .activeDirectoryDefault)
        var dumped = ""
        dump(password, to: &dumped)
        let renderings = [
            "\(password)",
            String(describing: password),
            String(reflecting: password),
            dumped,
            "\(Mirror(reflecting: password).children.map { "\($0.label ?? ""): \($0.value)" })",
            "\([password])",
            "\(Optional(password) as Any)",
        ]
        for rendering in renderings {
            #expect(!rendering.contains(password.value), "\(rendering)")
        }
        #expect(String(describing: password).hasPrefix("GeneratedPassword(\(style.rawValue), "))
        #expect(String(describing: password).hasSuffix(" bits)"))
    }
}
