/// Unicode's lowercase mapping of the scalars Vietnamese is written in, read once from the
/// standard library's tables into an array: ASCII, Latin-1 and Latin Extended-A and B (Ă Đ Ơ Ư),
/// and Latin Extended Additional (the letters with their tones, Ạ to Ỹ).
enum LowercaseTable {
    private static let latin: ClosedRange<UInt32> = 0x80...0x24F
    private static let additional: ClosedRange<UInt32> = 0x1E00...0x1EFF

    /// The lowercase of each scalar of the two ranges, or 0 where it is not one scalar (İ).
    private static let table: [UInt32] = {
        (Array(latin) + Array(additional)).map { value in
            let mapping = Unicode.Scalar(value)!.properties.lowercaseMapping.unicodeScalars
            return mapping.count == 1 ? mapping.first!.value : 0
        }
    }()

    /// The scalar's lowercase as `String.lowercased()` gives it, when it is one scalar the table
    /// holds; nil otherwise (the caller then asks the scalar's own properties).
    @inline(__always)
    static func lowercase(_ scalar: Unicode.Scalar) -> Unicode.Scalar? {
        let value = scalar.value
        if value < 0x80 {
            return (0x41...0x5A).contains(value) ? Unicode.Scalar(UInt8(value + 0x20)) : scalar
        }
        let index: Int
        if latin.contains(value) {
            index = Int(value - latin.lowerBound)
        } else if additional.contains(value) {
            index = latin.count + Int(value - additional.lowerBound)
        } else {
            return nil
        }
        let lowered = table[index]
        return lowered == 0 ? nil : Unicode.Scalar(lowered)
    }
}
