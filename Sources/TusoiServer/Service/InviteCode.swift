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

    /// The code in a message, whatever the case, spaces and dashes; nil when the text is not a code.
    public static func read(_ text: String) -> String? {
        let letters = text.uppercased().filter { $0 != "-" && $0 != " " && $0 != "." }
        guard letters.count == 10, letters.allSatisfy(alphabet.contains) else { return nil }
        return letters
    }
}
