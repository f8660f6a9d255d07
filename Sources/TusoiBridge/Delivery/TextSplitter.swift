import Foundation

/// Splits a text into messages that fit a channel's limit, counted in UTF-16 units (the unit
/// Telegram counts in; at least as many as Zalo's characters).
///
/// A piece ends at the best boundary in its second half: a paragraph break, else a line break, a
/// sentence end, a space. Only a piece without any of these is cut between two characters, and never
/// inside one (a letter with its combining accents, an emoji). Pieces are trimmed of surrounding blanks.
/// The bot already splits its replies; this is the bridge's own guarantee for whatever it sends.
public enum TextSplitter {
    public static func split(_ text: String, limit: Int) -> [String] {
        precondition(limit >= 2, "a limit below 2 UTF-16 units cannot hold every character")
        guard text.utf16.count > limit else {
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            return trimmed.isEmpty ? [] : [trimmed]
        }
        let characters = Array(text)
        var pieces: [String] = []
        var start = 0
        while start < characters.count {
            let cut = end(of: characters, from: start, limit: limit)
            let piece = String(characters[start..<cut]).trimmingCharacters(in: .whitespacesAndNewlines)
            if !piece.isEmpty { pieces.append(piece) }
            start = cut
        }
        return pieces
    }

    /// Where the piece that starts at `start` ends (exclusive).
    private static func end(of characters: [Character], from start: Int, limit: Int) -> Int {
        // The best boundary of each kind so far, as (index after it, units before it).
        var boundaries: [(index: Int, units: Int)] = Array(repeating: (-1, 0), count: 4)
        var units = 0
        var index = start
        while index < characters.count {
            let character = characters[index]
            let width = character.utf16.count
            if units + width > limit { break }
            units += width
            index += 1
            let previous: Character? = index - 2 >= start ? characters[index - 2] : nil
            if character.isNewline {
                if previous?.isNewline == true { boundaries[0] = (index, units) }
                boundaries[1] = (index, units)
            } else if character == " " {
                if let previous, ".?!…:;".contains(previous) { boundaries[2] = (index, units) }
                boundaries[3] = (index, units)
            }
        }
        guard index < characters.count else { return index }
        for boundary in boundaries where boundary.index > start && boundary.units * 2 >= limit {
            return boundary.index
        }
        for boundary in boundaries where boundary.index > start {
            return boundary.index
        }
        return max(index, start + 1)
    }
}
