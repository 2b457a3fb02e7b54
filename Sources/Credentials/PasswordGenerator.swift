import Foundation

/// Makes first passwords that meet a directory's ``PasswordRequirements``.
///
/// Every choice is drawn with `Int.random(in:using:)`, which is unbiased, from the generator
/// passed in. The overload without one uses `SystemRandomNumberGenerator`, which is
/// cryptographically secure (getrandom(2) on Linux, arc4random_buf on Apple platforms).
///
/// ``GeneratedPassword/entropyBits`` is log2 of the number of distinct, equally likely
/// passwords the style's construction can produce with the chosen size. Each construction maps
/// its choices to strings one-to-one, so that number is the product of the choices. Candidates
/// that contain a forbidden substring are drawn again; that removes a tiny share of the
/// outcomes, which the figure ignores. (Random candidates that lack complexity are drawn again
/// too, but that share is counted exactly.)
public struct PasswordGenerator: Sendable {
    public enum Style: String, CaseIterable, Codable, Sendable {
        /// Characters from an alphabet without look-alikes: the most strength per character.
        case random
        /// Words from the bundled list joined by hyphens, one capitalised, a digit at the end.
        case passphrase
        /// Consonant–vowel syllables in groups of three separated by digits, one capital and no
        /// symbols: quick to type on a phone.
        case easyToType = "easy-to-type"
    }

    /// The strength the passphrase and easy-to-type styles are sized to reach; the default
    /// random password (16 characters) has about 95 bits.
    public static let targetEntropyBits = 60.0

    /// Apart from random candidates lacking complexity (a small share), only forbidden
    /// substrings reject a candidate, so exhausting this many attempts means they cannot be avoided.
    var maximumAttempts = 10_000

    let wordList: WordList

    /// A generator whose passphrases use the bundled word list of 7,776 words.
    public init() {
        self.init(wordList: .bundled)
    }

    init(wordList: WordList) {
        self.wordList = wordList
    }

    /// A password of `style` meeting `requirements`, drawn from the system's secure generator.
    ///
    /// - Parameter length: for `random`, the exact number of characters (default: 16, or the
    ///   minimum length if greater); for the other styles, the fewest characters wanted, since
    ///   they grow in whole words or syllables (default: the requirements' minimum).
    public func generate(
        style: Style,
        requirements: PasswordRequirements,
        length: Int? = nil
    ) throws -> GeneratedPassword {
        var generator = SystemRandomNumberGenerator()
        return try generate(style: style, requirements: requirements, length: length, using: &generator)
    }

    /// A password of `style` meeting `requirements`, drawn from `generator`.
    public func generate(
        style: Style,
        requirements: PasswordRequirements,
        length: Int? = nil,
        using generator: inout some RandomNumberGenerator
    ) throws -> GeneratedPassword {
        try Self.checkConsistency(of: requirements, length: length, style: style)
        switch style {
        case .random:
            let recipe = try RandomRecipe(requirements: requirements, length: length)
            return try firstCompliant(recipe, style: style, requirements: requirements, using: &generator)
        case .passphrase:
            let recipe = try PassphraseRecipe(wordList: wordList, requirements: requirements, length: length)
            return try firstCompliant(recipe, style: style, requirements: requirements, using: &generator)
        case .easyToType:
            let recipe = try EasyToTypeRecipe(requirements: requirements, length: length)
            return try firstCompliant(recipe, style: style, requirements: requirements, using: &generator)
        }
    }

    private static func checkConsistency(
        of requirements: PasswordRequirements,
        length: Int?,
        style: Style
    ) throws {
        guard requirements.maximumLength >= 1, requirements.minimumLength <= requirements.maximumLength else {
            throw PasswordGeneratorError(
                .unsatisfiableRequirements, style: style,
                "The password policy cannot be met: it requires at least \(requirements.minimumLength) "
                    + "characters but allows at most \(requirements.maximumLength)."
            )
        }
        if let length, length < max(1, requirements.minimumLength) || length > requirements.maximumLength {
            throw PasswordGeneratorError(
                .lengthOutOfRange, style: style,
                "A password of \(length) characters was requested, but the password policy requires "
                    + "between \(max(1, requirements.minimumLength)) and \(requirements.maximumLength) characters."
            )
        }
    }

    private func firstCompliant(
        _ recipe: some CandidateRecipe,
        style: Style,
        requirements: PasswordRequirements,
        using generator: inout some RandomNumberGenerator
    ) throws -> GeneratedPassword {
        for _ in 0..<maximumAttempts {
            let candidate = recipe.draw(using: &generator)
            if requirements.isSatisfied(by: candidate) {
                return GeneratedPassword(value: candidate, entropyBits: recipe.entropyBits, style: style)
            }
        }
        throw PasswordGeneratorError(
            .noCompliantPassword, style: style,
            "No \(style.rawValue) password avoiding the account's forbidden name parts was found in "
                + "\(maximumAttempts) attempts; check the account and display names the policy forbids."
        )
    }
}

/// How one style builds a candidate, and how many equally likely candidates it can build.
private protocol CandidateRecipe {
    var entropyBits: Double { get }
    func draw(using generator: inout some RandomNumberGenerator) -> String
}

extension Array {
    fileprivate func randomElementUnbiased(using generator: inout some RandomNumberGenerator) -> Element {
        self[Int.random(in: indices, using: &generator)]
    }
}

/// Uniform characters; candidates without complexity are drawn again.
///
/// Rejection rather than planting one character of each kind: the result is then uniform over
/// all compliant strings, so its entropy is exact rather than an estimate.
private struct RandomRecipe: CandidateRecipe {
    // Without I O l o 0 1 (look-alikes) and with only symbols that are safe in URLs, in the
    // basic GSM 7-bit SMS alphabet, and not quotes, backquote or bar.
    static let uppercase = Array("ABCDEFGHJKLMNPQRSTUVWXYZ".utf8)
    static let lowercase = Array("abcdefghijkmnpqrstuvwxyz".utf8)
    static let digits = Array("23456789".utf8)
    static let symbols = Array("!$*-=@".utf8)
    static let alphabet = uppercase + lowercase + digits + symbols

    let length: Int
    let complexityRequired: Bool

    init(requirements: PasswordRequirements, length: Int?) throws {
        self.length = length ?? min(max(16, requirements.minimumLength), requirements.maximumLength)
        self.complexityRequired = requirements.complexityRequired
        if complexityRequired && self.length < 3 {
            throw PasswordGeneratorError(
                .unsatisfiableRequirements, style: .random,
                "A password needs at least 3 characters to meet the complexity requirement."
            )
        }
    }

    func draw(using generator: inout some RandomNumberGenerator) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(length)
        for _ in 0..<length {
            bytes.append(Self.alphabet.randomElementUnbiased(using: &generator))
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    var entropyBits: Double {
        Double(length) * log2(Double(Self.alphabet.count)) + log2(compliantShare)
    }

    /// The share of alphabet^length with characters from at least three of the four groups (1
    /// without complexity), by inclusion–exclusion over the sets of groups a string can use.
    var compliantShare: Double {
        guard complexityRequired else { return 1 }
        let shares = [Self.uppercase, Self.lowercase, Self.digits, Self.symbols].map {
            Double($0.count) / Double(Self.alphabet.count)
        }
        var compliant = 0.0
        for groups in 1..<16 where groups.nonzeroBitCount >= 3 {
            // Strings drawing on exactly `groups`: alternate over the subsets they could draw on.
            for subset in 1..<16 where subset & groups == subset {
                let share = (0..<4).filter { subset & (1 << $0) != 0 }.map { shares[$0] }.reduce(0, +)
                let sign: Double = (groups.nonzeroBitCount - subset.nonzeroBitCount).isMultiple(of: 2) ? 1 : -1
                compliant += sign * pow(share, Double(length))
            }
        }
        return compliant
    }
}

/// Words joined by "-", one of them capitalised, and a digit at the end: upper, lower, digit and
/// symbol, so AD's complexity rule is met whatever the words.
private struct PassphraseRecipe: CandidateRecipe {
    static let digits = Array("23456789")

    let words: [String]
    let wordCount: Int

    init(wordList: WordList, requirements: PasswordRequirements, length: Int?) throws {
        guard !wordList.words.isEmpty else {
            throw PasswordGeneratorError(
                .wordListUnavailable, style: .passphrase,
                "The passphrase word list could not be loaded; install Firstkey together with its "
                    + "resource bundle (firstkey_Credentials.resources) or choose another password style."
            )
        }
        // Words that contain a forbidden substring would always be rejected, so leave them out
        // and count entropy over the words that can actually appear.
        words = wordList.words(avoiding: requirements.effectiveForbiddenSubstrings)
        guard words.count >= 2 else {
            throw PasswordGeneratorError(
                .unsatisfiableRequirements, style: .passphrase,
                "The forbidden name parts exclude almost every word of the passphrase list; choose another password style."
            )
        }
        // The whole list's shortest and longest words bound the passphrase's length, so no
        // candidate is ever rejected for its length (which would skew the entropy figure).
        let wantedLength = length ?? requirements.minimumLength
        var count = 4
        while Self.entropyBits(wordCount: count, listSize: words.count) < PasswordGenerator.targetEntropyBits
            || count * (wordList.shortestWordLength + 1) < wantedLength
        {
            count += 1
        }
        // Each word is followed by a hyphen or, for the last, the digit.
        guard count * (wordList.longestWordLength + 1) <= requirements.maximumLength else {
            throw PasswordGeneratorError(
                .unsatisfiableRequirements, style: .passphrase,
                "A passphrase of \(count) words can be up to \(count * (wordList.longestWordLength + 1)) characters "
                    + "long, more than the password policy's maximum of \(requirements.maximumLength); "
                    + "choose another password style."
            )
        }
        wordCount = count
    }

    static func entropyBits(wordCount: Int, listSize: Int) -> Double {
        // The words, which of them is capitalised, and the digit.
        Double(wordCount) * log2(Double(listSize)) + log2(Double(wordCount)) + log2(Double(digits.count))
    }

    var entropyBits: Double {
        Self.entropyBits(wordCount: wordCount, listSize: words.count)
    }

    func draw(using generator: inout some RandomNumberGenerator) -> String {
        var chosen = (0..<wordCount).map { _ in words.randomElementUnbiased(using: &generator) }
        let capitalised = Int.random(in: chosen.indices, using: &generator)
        chosen[capitalised] = chosen[capitalised].prefix(1).uppercased() + chosen[capitalised].dropFirst()
        return chosen.joined(separator: "-") + String(Self.digits.randomElementUnbiased(using: &generator))
    }
}

/// Syllables of a consonant and a vowel in groups of three with a digit between groups, and the
/// consonant of one syllable in upper case: "bakuze7Dinoma4purusi". Upper, lower and digit meet
/// AD's complexity rule without any symbol.
private struct EasyToTypeRecipe: CandidateRecipe {
    // No c, q, x, y (ambiguous when read aloud), l or o (look like 1 and 0), and no 0 or 1.
    static let consonants = Array("bdfghjkmnprstvwz".utf8)
    static let vowels = Array("aeiu".utf8)
    static let digits = Array("23456789".utf8)
    static let syllablesPerGroup = 3

    let syllableCount: Int

    init(requirements: PasswordRequirements, length: Int?) throws {
        let wantedLength = length ?? requirements.minimumLength
        // Four syllables make two groups, so at least one digit.
        var count = 4
        while Self.entropyBits(syllableCount: count) < PasswordGenerator.targetEntropyBits
            || Self.length(syllableCount: count) < wantedLength
        {
            count += 1
        }
        guard Self.length(syllableCount: count) <= requirements.maximumLength else {
            throw PasswordGeneratorError(
                .unsatisfiableRequirements, style: .easyToType,
                "An easy-to-type password strong enough needs \(Self.length(syllableCount: count)) characters, "
                    + "more than the password policy's maximum of \(requirements.maximumLength); choose another password style."
            )
        }
        syllableCount = count
    }

    static func digitCount(syllableCount: Int) -> Int {
        (syllableCount - 1) / syllablesPerGroup
    }

    static func length(syllableCount: Int) -> Int {
        2 * syllableCount + digitCount(syllableCount: syllableCount)
    }

    static func entropyBits(syllableCount: Int) -> Double {
        // The syllables, which of them is capitalised, and the digits.
        Double(syllableCount) * log2(Double(consonants.count * vowels.count))
            + log2(Double(syllableCount))
            + Double(digitCount(syllableCount: syllableCount)) * log2(Double(digits.count))
    }

    var entropyBits: Double {
        Self.entropyBits(syllableCount: syllableCount)
    }

    func draw(using generator: inout some RandomNumberGenerator) -> String {
        let capitalised = Int.random(in: 0..<syllableCount, using: &generator)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Self.length(syllableCount: syllableCount))
        for syllable in 0..<syllableCount {
            if syllable > 0 && syllable.isMultiple(of: Self.syllablesPerGroup) {
                bytes.append(Self.digits.randomElementUnbiased(using: &generator))
            }
            let consonant = Self.consonants.randomElementUnbiased(using: &generator)
            bytes.append(syllable == capitalised ? consonant - UInt8(ascii: "a") + UInt8(ascii: "A") : consonant)
            bytes.append(Self.vowels.randomElementUnbiased(using: &generator))
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
