import Foundation

/// The passphrase words compiled into the binary (`EmbeddedWordList.swift`; provenance in
/// Resources/WORDLIST-LICENSE.txt).
struct WordList: Sendable {
    /// Distinct words of lower-case ASCII letters.
    let words: [String]
    /// For each word, bit n is set when it contains the n-th letter of the alphabet. A word can
    /// only contain a string whose letters it all has, which rules out most words before any
    /// bytes are compared.
    private let letterMasks: [UInt32]
    /// The lengths of the shortest and longest words, in letters; 0 for an empty list.
    let shortestWordLength: Int
    let longestWordLength: Int

    init(words: [String]) {
        self.words = words
        self.letterMasks = words.map { Self.letterMask(of: $0.utf8) }
        self.shortestWordLength = words.lazy.map(\.utf8.count).min() ?? 0
        self.longestWordLength = words.lazy.map(\.utf8.count).max() ?? 0
    }

    /// Empty when the list is damaged; the passphrase style then reports
    /// ``PasswordGeneratorError/Code/wordListUnavailable`` instead of the process failing at start.
    static let bundled = WordList(words: parse(embeddedWordList))

    /// Distinct words of lower-case ASCII letters, one a line; any other line makes the whole
    /// list unusable, since a damaged list would silently weaken every passphrase.
    static func parse(_ text: String) -> [String] {
        var seen: Set<String> = []
        var words: [String] = []
        for line in text.split(whereSeparator: { $0.isNewline || $0 == " " }) {
            guard line.utf8.allSatisfy({ $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") }) else {
                return []
            }
            let word = String(line)
            if seen.insert(word).inserted {
                words.append(word)
            }
        }
        return words
    }

    /// The words that contain none of `needles` (compared byte for byte, so pass them lower-cased).
    ///
    /// Hand-written rather than `String.contains`, because this runs over the whole list for
    /// every passphrase with forbidden substrings and `String.contains` compares grapheme by
    /// grapheme; on ASCII words the answer is the same.
    func words(avoiding needles: [String]) -> [String] {
        let needles = needles.map { Array($0.utf8) }
        guard !needles.isEmpty else { return words }
        let needleMasks = needles.map { Self.letterMask(of: $0) }
        var allowed: [String] = []
        for index in words.indices {
            var avoids = true
            for needle in needles.indices
            where letterMasks[index] & needleMasks[needle] == needleMasks[needle]
                && Self.word(words[index], contains: needles[needle])
            {
                avoids = false
                break
            }
            if avoids {
                allowed.append(words[index])
            }
        }
        return allowed
    }

    /// Any byte other than a–z sets bit 26, which no word has.
    private static func letterMask(of bytes: some Sequence<UInt8>) -> UInt32 {
        var mask: UInt32 = 0
        for byte in bytes {
            if byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") {
                mask |= 1 << UInt32(byte - UInt8(ascii: "a"))
            } else {
                mask |= 1 << 26
            }
        }
        return mask
    }

    private static func word(_ word: String, contains needle: [UInt8]) -> Bool {
        var word = word
        return word.withUTF8 { bytes in
            guard needle.count <= bytes.count else { return false }
            var start = 0
            while start <= bytes.count - needle.count {
                var matched = 0
                while matched < needle.count && bytes[start + matched] == needle[matched] {
                    matched += 1
                }
                if matched == needle.count { return true }
                start += 1
            }
            return false
        }
    }
}
