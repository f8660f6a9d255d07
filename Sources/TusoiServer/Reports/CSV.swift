import TusoiEngine

/// Comma-separated values as RFC 4180 writes them, and as a spreadsheet opens them: UTF-8 with a
/// byte order mark (without it Excel reads “Trần” as “Tráº§n”), CRLF between records, a field in
/// double quotes when it holds a comma, a quote or a line break, a quote inside written twice.
enum CSV {
    /// The byte order mark that tells a spreadsheet the file is UTF-8.
    static let byteOrderMark = "\u{FEFF}"

    /// A document of `header` and `rows`: the mark, then each record on a line of its own, its fields
    /// separated by `separator` (a comma; a semicolon where a spreadsheet's list separator is one).
    static func document(header: [String], rows: [[String]], separator: Character = ",") -> String {
        byteOrderMark
            + ([header] + rows).map {
                $0.map { cell($0, separator: separator) }.joined(separator: String(separator))
            }
            .joined(separator: "\r\n") + "\r\n"
    }

    /// One cell, safe to open: a value that starts with = + - @ (or a tab or a carriage return) gets an
    /// apostrophe in front so that a spreadsheet never runs it as a formula; control characters are
    /// shown as U+FFFD; the value is quoted when it must be.
    static func cell(_ value: String, separator: Character = ",") -> String {
        var cell = TranscriptRenderer.neutralizingControls(value)
        if let first = cell.first, "=+-@\t\r".contains(first) { cell = "'" + cell }
        if cell.contains(where: { $0 == "," || $0 == separator || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            cell = "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return cell
    }

    /// A record read from a file, with the line it starts on (for messages).
    struct Record: Equatable {
        var line: Int
        var fields: [String]
    }

    /// A file that is not valid CSV, with the line of the problem.
    struct ParseError: Error, Equatable {
        var line: Int
        var problem: Problem

        enum Problem: Equatable {
            /// A quoted field is still open at the end of the file.
            case unterminatedQuote
            /// Something other than a comma or a line break follows a closing quote.
            case textAfterQuote
        }
    }

    /// Reads `text` as RFC 4180 does: fields separated by commas, records by CRLF (a lone LF or CR
    /// too), a field in double quotes may hold commas, line breaks and doubled quotes; a byte order
    /// mark at the start is skipped. Blank lines are no records. A file whose first line has more
    /// semicolons (or tabs) than commas outside quotes is read with that separator: Excel saves CSV
    /// with the list separator of the computer's regional settings.
    static func parse(_ text: String) -> Result<[Record], ParseError> {
        var scalars = Substring(text).unicodeScalars[...]
        if scalars.first == "\u{FEFF}" { scalars = scalars.dropFirst() }
        let separator = Self.separator(of: scalars)
        var records: [Record] = []
        var fields: [String] = []
        var field = String.UnicodeScalarView()
        var line = 1
        var recordLine = 1
        var quoted = false
        var quoteLine = 1
        var afterQuote = false
        var index = scalars.startIndex
        func endRecord() {
            fields.append(String(field))
            field = String.UnicodeScalarView()
            if !(fields.count == 1 && fields[0].isEmpty) {
                records.append(Record(line: recordLine, fields: fields))
            }
            fields = []
        }
        while index != scalars.endIndex {
            let scalar = scalars[index]
            index = scalars.index(after: index)
            if quoted {
                if scalar == "\"" {
                    if index != scalars.endIndex && scalars[index] == "\"" {
                        field.append("\"")
                        index = scalars.index(after: index)
                    } else {
                        quoted = false
                        afterQuote = true
                    }
                } else {
                    if scalar == "\n"
                        || (scalar == "\r" && (index == scalars.endIndex || scalars[index] != "\n"))
                    {
                        line += 1
                    }
                    field.append(scalar)
                }
                continue
            }
            switch scalar {
            case separator:
                fields.append(String(field))
                field = String.UnicodeScalarView()
                afterQuote = false
            case "\r", "\n":
                if scalar == "\r", index != scalars.endIndex, scalars[index] == "\n" {
                    index = scalars.index(after: index)
                }
                endRecord()
                afterQuote = false
                line += 1
                recordLine = line
            case "\"" where field.isEmpty && !afterQuote:
                quoted = true
                quoteLine = line
            default:
                if afterQuote { return .failure(ParseError(line: line, problem: .textAfterQuote)) }
                field.append(scalar)
            }
        }
        if quoted { return .failure(ParseError(line: quoteLine, problem: .unterminatedQuote)) }
        if !field.isEmpty || !fields.isEmpty || afterQuote { endRecord() }
        return .success(records)
    }

    /// The separator of a file: the one of `,`, `;` and tab seen most on its first line outside
    /// quotes (a comma when none is, or on a tie).
    static func separator(of scalars: Substring.UnicodeScalarView.SubSequence) -> Unicode.Scalar {
        var counts: [Unicode.Scalar: Int] = [",": 0, ";": 0, "\t": 0]
        var quoted = false
        for scalar in scalars {
            if scalar == "\"" { quoted.toggle() }
            if !quoted && (scalar == "\n" || scalar == "\r") { break }
            if !quoted, let count = counts[scalar] { counts[scalar] = count + 1 }
        }
        // The first of the most frequent: a comma on a tie.
        return ([",", ";", "\t"] as [Unicode.Scalar]).max { (counts[$0] ?? 0) < (counts[$1] ?? 0) } ?? ","
    }
}
