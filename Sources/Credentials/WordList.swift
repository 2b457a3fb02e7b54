import Foundation

/// The passphrase words bundled as `Resources/wordlist.txt` (provenance in WORDLIST-LICENSE.txt).
enum WordList {
    /// Empty when the resource is missing or damaged; the passphrase style then reports
    /// ``PasswordGeneratorError/Code/wordListUnavailable`` instead of the process failing at start.
    static let bundled: [String] = {
        guard let url = Bundle.module.url(forResource: "wordlist", withExtension: "txt"),
              let text = try? String(contentsOf: url, encoding: .utf8)
        else { return [] }
        return parse(text)
    }()

    /// Distinct words of lower-case ASCII letters, one a line; any other line makes the whole
    /// list unusable, since a damaged list would silently weaken every passphrase.
    static func parse(_ text: String) -> [String] {
        var seen: Set<String> = []
        var words: [String] = []
        for line in text.split(whereSeparator: \.isNewline) {
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
}
