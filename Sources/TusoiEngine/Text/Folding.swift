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
            return accentTable[value] ?? 0x20
        }
    }

    /// Latin letters with diacritics mapped to their base letter, computed once from Unicode data.
    private static let accentTable: [UInt32: UInt8] = {
        var table: [UInt32: UInt8] = [0x0111: 0x64, 0x0110: 0x64]  // đ, Đ
        let ranges: [ClosedRange<UInt32>] = [0x00C0...0x024F, 0x1E00...0x1EFF]
        for range in ranges {
            for value in range {
                guard let scalar = Unicode.Scalar(value), table[value] == nil else { continue }
                let base = String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars.first
                guard let base, base.isASCII, base.properties.isAlphabetic else { continue }
                table[value] = UInt8(base.value | 0x20)
            }
        }
        return table
    }()
}
