import Foundation

/// Folds text the way members type it into one comparable form.
///
/// NFC and NFD input, upper and lower case, Vietnamese diacritics (including `đ`), punctuation
/// and runs of spaces all fold away: `"Dạ  CÓ ạ!"`, `"da co a"` and the NFD form of `"dạ có ạ"`
/// all become `"da co a"`. Digits are kept, so `"1, 3"` becomes `"1 3"`.
public enum Folding {
    /// Returns the folded form of `text`: lowercase ASCII letters and digits separated by single spaces.
    public static func fold(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            let folded = foldScalar(scalar)
            if folded == 0 {
                continue  // combining mark or zero-width character: dropped without a gap
            }
            if folded == 0x20 {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace {
                out.append(0x20)
                pendingSpace = false
            }
            out.append(folded)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Splits the folded form of `text` into words.
    public static func words(_ text: String) -> [Substring] {
        fold(text).split(separator: " ")
    }

    /// Maps one scalar to an ASCII letter or digit, to a space (a separator), or to 0 (dropped).
    static func foldScalar(_ scalar: Unicode.Scalar) -> UInt8 {
        let value = scalar.value
        switch value {
        case 0x30...0x39, 0x61...0x7A:
            return UInt8(value)
        case 0x41...0x5A:
            return UInt8(value + 0x20)
        case 0x0300...0x036F, 0x200B...0x200D, 0x2060, 0xFEFF:
            return 0
        case 0..<0x80:
            return 0x20
        default:
            return accent(value) ?? 0x20
        }
    }

    /// Latin letters with diacritics (U+00C0–U+024F, U+1E00–U+1EFF) mapped to their base letter, one
    /// ASCII letter a code point ("." for none): the first scalar of each one's canonical
    /// decomposition, lowercased, and đ/Đ to d. Written out rather than worked out at start-up
    /// (which asked Foundation to decompose 656 characters: 4 percent of the start-up's samples);
    /// `FoldingTests` checks it against that definition.
    static let latinSupplement: [UInt8] = Array(
        """
        aaaaaa.ceeeeiiii.nooooo..uuuuy..aaaaaa.ceeeeiiii.nooooo..uuuuy.y\
        aaaaaaccccccccddddeeeeeeeeeegggggggghh..iiiiiiiii...jjkk.llllll.\
        ...nnnnnn...oooooo..rrrrrrsssssssstttt..uuuuuuuuuuuuwwyyyzzzzzz.\
        ................................oo.............uu...............\
        .............aaiioouuuuuuuuuu.aaaa....ggkkoooo..j...gg..nnaa....\
        aaaaeeeeiiiioooorrrruuuusstt..hh......aaeeooooooooyy............\
        ................
        """.utf8)
    static let latinAdditional: [UInt8] = Array(
        """
        aabbbbbbccddddddddddeeeeeeeeeeffgghhhhhhhhhhiiiikkkkkkllllllllmm\
        mmmmnnnnnnnnoooooooopppprrrrrrrrssssssssssttttttttuuuuuuuuuuvvvv\
        wwwwwwwwwwxxxxyyzzzzzzhtwy......aaaaaaaaaaaaaaaaaaaaaaaaeeeeeeee\
        eeeeeeeeiiiioooooooooooooooooooooooouuuuuuuuuuuuuuyyyyyyyy......
        """.utf8)

    @inline(__always)
    private static func accent(_ value: UInt32) -> UInt8? {
        let letter: UInt8
        switch value {
        case 0x00C0...0x024F: letter = latinSupplement[Int(value - 0x00C0)]
        case 0x1E00...0x1EFF: letter = latinAdditional[Int(value - 0x1E00)]
        default: return nil
        }
        return letter == UInt8(ascii: ".") ? nil : letter
    }
}
