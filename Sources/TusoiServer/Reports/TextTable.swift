/// A table of plain text for a terminal or a chat message: columns separated by two spaces and padded
/// by `Character` count (a Vietnamese letter with its marks is one column, as it shows), a rule under
/// the header, an optional footer under a second rule. Every cell goes through ``cell(_:)``, so that
/// text from outside (a name, a code typed in the chat and kept in the audit log) cannot move the
/// cursor, colour the terminal or break a row.
struct TextTable {
    var header: [String]
    var rows: [[String]]
    var rightAligned: Set<Int> = []
    var footer: [String]? = nil

    func render() -> [String] {
        let body = ([header] + rows + (footer.map { [$0] } ?? [])).map { $0.map(TextTable.cell) }
        let columns = body.map(\.count).max() ?? 0
        let widths = (0..<columns).map { column in
            body.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            let padded = (0..<columns).map { column -> String in
                let cell = column < cells.count ? cells[column] : ""
                let fill = String(repeating: " ", count: widths[column] - cell.count)
                return rightAligned.contains(column) ? fill + cell : cell + fill
            }
            let text = padded.joined(separator: "  ")
            return String(text.reversed().drop { $0 == " " }.reversed())
        }
        let rule = widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")
        var out = [line(body[0]), rule]
        out += body.dropFirst().prefix(rows.count).map(line)
        if footer != nil, let last = body.last {
            out += [rule, line(last)]
        }
        return out
    }

    /// Text made safe for one cell of a terminal table: line breaks and tabs become spaces; other
    /// control characters and bidirectional overrides become U+FFFD.
    static func cell(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x09, 0x0A, 0x0D, 0x85, 0x2028, 0x2029: out.unicodeScalars.append(" ")
            case 0x00..<0x20, 0x7F..<0xA0, 0x202A...0x202E, 0x2066...0x2069:
                out.unicodeScalars.append("\u{FFFD}")
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
