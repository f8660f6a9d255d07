import TusoiEngine

/// The words of a command line, taken option by option so that leftovers can be reported.
struct Arguments {
    private var words: [String]

    init(_ words: [String]) {
        self.words = words
    }

    /// The words not taken yet.
    var remaining: [String] { words }

    /// Removes `--name VALUE` (or `--name=VALUE`) and returns the value.
    mutating func option(_ name: String) throws(UsageError) -> String? {
        for (index, word) in words.enumerated() {
            if word == name {
                guard index + 1 < words.count, !words[index + 1].hasPrefix("--") else {
                    throw UsageError(.optionNeedsValue, ["option": name], english: "\(name) needs a value")
                }
                let value = words[index + 1]
                words.removeSubrange(index...(index + 1))
                return value
            }
            if word.hasPrefix(name + "=") {
                words.remove(at: index)
                return String(word.dropFirst(name.count + 1))
            }
        }
        return nil
    }

    /// Removes `--name` and says whether it was there.
    mutating func flag(_ name: String) -> Bool {
        guard let index = words.firstIndex(of: name) else { return false }
        words.remove(at: index)
        return true
    }

    /// The remaining words; any left-over option is an error.
    mutating func positional() throws(UsageError) -> [String] {
        if let unknown = words.first(where: { $0.hasPrefix("--") }) {
            throw UsageError(.unknownOption, ["option": unknown], english: "unknown option \(unknown)")
        }
        defer { words = [] }
        return words
    }

    /// Fails if anything is left.
    func finish() throws(UsageError) {
        if let extra = words.first {
            throw UsageError(.unexpectedWord, ["word": extra], english: "unexpected \"\(extra)\"")
        }
    }
}

/// A mistake on the command line: reported with the usage, exit code 64.
struct UsageError: Error {
    /// The message in English, said when the command line's wording cannot be read.
    var message: String
    /// The message in `cli.txt`, said in the operator's language.
    var key: CommandKey?
    var values: [String: String] = [:]

    init(_ message: String) {
        self.message = message
    }

    init(_ key: CommandKey, _ values: [String: String] = [:], english message: String) {
        self.message = message
        self.key = key
        self.values = values
    }
}
