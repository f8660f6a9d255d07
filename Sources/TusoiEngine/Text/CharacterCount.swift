extension String {
    /// The number of characters, as `count` gives it, without walking grapheme clusters when it
    /// need not: a text whose every scalar stands alone as a character (ASCII but a carriage
    /// return, Latin letters with their Vietnamese tones precomposed, the common punctuation, quotes,
    /// currency signs (₫), arrows, mathematical signs and geometric shapes such as ▶) has as many
    /// characters as scalars. Any other scalar (a combining mark, a joiner,
    /// an emoji's variation selector, a carriage return that may pair with a line feed) sends the
    /// text to `count`.
    ///
    /// `count` walks the text's grapheme clusters through Unicode's tables: about 70 instructions a
    /// character, which made it one of the largest costs of a member's first message (the first
    /// screen is measured: docs/CONVERSATION.md).
    public var characterCount: Int {
        var scalars = 0
        for scalar in unicodeScalars {
            guard String.standsAlone(scalar.value) else { return count }
            scalars += 1
        }
        return scalars
    }

    /// Whether the scalar is a character on its own whatever is next to it, among scalars of which
    /// the same is true: none of these extends, joins or pairs with its neighbour under Unicode's
    /// grapheme cluster rules (UAX #29). Checked against `count` in `CharacterCountTests`.
    @inline(__always)
    static func standsAlone(_ value: UInt32) -> Bool {
        switch value {
        case 0x0D: return false
        case 0x00...0x2FF: return true
        case 0x1E00...0x1EFF: return true
        case 0x2010...0x2027, 0x2030...0x205E: return true
        case 0x20A0...0x20C0, 0x2100...0x214F: return true
        case 0x2190...0x22FF, 0x25A0...0x25FF: return true
        default: return false
        }
    }

    /// Whether the text has more than `limit` characters, walking at most `limit + 1` of them when
    /// the fast count does not apply.
    public func hasMoreCharacters(than limit: Int) -> Bool {
        var scalars = 0
        for scalar in unicodeScalars {
            guard String.standsAlone(scalar.value) else { return !dropFirst(limit).isEmpty }
            scalars += 1
            if scalars > limit { return true }
        }
        return false
    }
}
