/// Invite codes: ten characters from an alphabet without look-alikes (50 bits), shown as ABCDE-FGHJK.
public enum InviteCode {
    static let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZ23456789")

    /// A new code from the given random source (the system's in the commands, a seeded one in tests).
    public static func make(using generator: inout some RandomNumberGenerator) -> String {
        String((0..<10).map { _ in alphabet[Int(generator.next(upperBound: UInt32(alphabet.count)))] })
    }

    /// The code as people read it: two groups of five.
    public static func display(_ code: String) -> String {
        String(code.prefix(5)) + "-" + String(code.dropFirst(5))
    }

    /// The code in a message, whatever the case, spaces and dashes; also a code written as shown
    /// (ABCDE-FGHJK) inside a sentence ("mã của tôi là abcde-fghjk ạ", "Mã: ABCDE-FGHJK"); nil when
    /// the text holds no code.
    public static func read(_ text: String) -> String? {
        if let whole = code(text) { return whole }
        // Inside a sentence, only the form people are shown (five, a dash, five) counts: a word of
        // ten letters is never taken for a code.
        let words = text.split { !($0.isLetter || $0.isNumber || $0 == "-") }
        let found = words.filter { $0.count == 11 && $0.dropFirst(5).first == "-" }.compactMap {
            code(String($0))
        }
        return found.count == 1 ? found[0] : nil
    }

    private static func code(_ text: String) -> String? {
        let letters = text.uppercased().filter { $0 != "-" && $0 != " " && $0 != "." }
        guard letters.count == 10, letters.allSatisfy(alphabet.contains) else { return nil }
        return letters
    }
}
