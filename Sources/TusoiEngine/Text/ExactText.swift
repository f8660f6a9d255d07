/// A string compared and hashed byte for byte: Swift's `==` on strings is canonical equivalence,
/// under which an NFC text and its NFD twin are equal although they have different lengths in bytes.
struct ExactText: Hashable, Sendable {
    var text: String

    static func == (lhs: ExactText, rhs: ExactText) -> Bool {
        lhs.text.utf8.elementsEqual(rhs.text.utf8)
    }

    func hash(into hasher: inout Hasher) {
        var text = text
        text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}
