import Foundation
import TusoiEngine
import TusoiStore

/// The rows of `tusoi member import` and `tusoi member add`: read from an RFC 4180 file, and checked
/// against each other and the store for people entered twice.
enum MemberImport {
    struct Row: Equatable {
        var name: String
        var branch: String
        var role: MemberRecord.Role
        var phone: String?
        var email: String?
        /// For the paper form's header (ISO).
        var birthDate: String? = nil
        var unit: String? = nil
        /// The line of the file the row starts on; nil for `member add`.
        var line: Int? = nil
    }

    /// A row the roster cannot take, said in the operator's language with the file and line.
    struct Problem: Error, Equatable {
        var file: String?
        var line: Int?
        var key: CommandKey
        var values: [String: String] = [:]

        func message(_ say: Console) -> String {
            let place = file.map { $0 + (line.map { ":\($0)" } ?? "") + ": " } ?? ""
            return place + say(key, values)
        }
    }

    /// Reads `name,branch,role,phone,email,born,unit` records (a header first if its first field is
    /// `name` or `họ và tên`; only name and branch are required). Quoted fields may hold commas, quotes
    /// and line breaks (a line break in a field becomes a space). Every problem names its line.
    static func parse(_ text: String, file: String) -> Result<[Row], Problem> {
        let records: [CSV.Record]
        switch CSV.parse(text) {
        case .success(let read): records = read
        case .failure(let error):
            return .failure(
                Problem(
                    file: file, line: error.line,
                    key: error.problem == .unterminatedQuote
                        ? .importUnterminatedQuote : .importTextAfterQuote))
        }
        var rows: [Row] = []
        for (index, record) in records.enumerated() {
            let fields = record.fields.map(Self.clean)
            if index == 0, ["name", "ho va ten", "ho ten"].contains(Folding.fold(fields.first ?? "")) {
                continue
            }
            func field(_ index: Int) -> String? {
                fields.count > index && !fields[index].isEmpty ? fields[index] : nil
            }
            guard let name = field(0), let branch = field(1) else {
                return .failure(Problem(file: file, line: record.line, key: .importExpectedColumns))
            }
            let roleText = field(2) ?? "member"
            guard let role = Self.role(roleText) else {
                return .failure(
                    Problem(file: file, line: record.line, key: .importBadRole, values: ["role": roleText]))
            }
            var born = field(5)
            if let text = born {
                guard let date = CampaignCommand.date(text) else {
                    return .failure(
                        Problem(file: file, line: record.line, key: .importBadDate, values: ["date": text]))
                }
                born = date.description
            }
            rows.append(
                Row(
                    name: name, branch: branch, role: role, phone: field(3), email: field(4), birthDate: born,
                    unit: field(6), line: record.line))
        }
        return .success(rows)
    }

    /// A field without the spaces around it, a line break inside it made a space.
    static func clean(_ field: String) -> String {
        field.replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " ")
            .replacingOccurrences(of: "\r", with: " ").trimmingCharacters(in: .whitespaces)
    }

    /// A role by its code (`facilitator`) or as a secretary writes it (`bí thư`, `bi thu`).
    static func role(_ text: String) -> MemberRecord.Role? {
        if let role = MemberRecord.Role(rawValue: text) { return role }
        switch Folding.fold(text) {
        case "member", "dang vien": return .member
        case "facilitator", "bi thu", "bi thu chi bo", "pho bi thu": return .facilitator
        case "committee", "cap uy", "cap uy vien", "dang uy vien", "uy vien": return .committee
        default: return nil
        }
    }

    /// Who a row is, to find the same person entered twice: the name (any spacing, any case, the
    /// same diacritics) and the branch.
    static func identity(name: String, branch: String) -> String {
        name.precomposedStringWithCanonicalMapping.lowercased().split(whereSeparator: \.isWhitespace)
            .joined(separator: " ") + "\u{0}" + branch
    }

    /// Two birth dates of one person: the same, or one of them unknown.
    static func sameBirth(_ one: String?, _ other: String?) -> Bool {
        one == nil || other == nil || one == other
    }

    /// The rows that repeat a member of the store or an earlier row of the same list, each said
    /// with its line.
    static func duplicates(_ rows: [Row], existing: [MemberRecord], file: String?) -> [Problem] {
        duplicates(rows, roster: Roster(existing), file: file)
    }

    /// The members of the store by who they are, to look rows up in.
    struct Roster {
        private var members: [String: [MemberRecord]] = [:]

        init(_ existing: [MemberRecord]) {
            for member in existing {
                members[MemberImport.identity(name: member.name, branch: member.branchCode), default: []]
                    .append(
                        member)
            }
        }

        /// The member of the store that `row` names again, if any.
        func member(_ row: Row) -> MemberRecord? {
            members[MemberImport.identity(name: row.name, branch: row.branch)]?.first {
                MemberImport.sameBirth($0.birthDate, row.birthDate)
            }
        }
    }

    static func duplicates(_ rows: [Row], roster: Roster, file: String?) -> [Problem] {
        var seen: [String: [Row]] = [:]
        var problems: [Problem] = []
        for row in rows {
            let key = identity(name: row.name, branch: row.branch)
            let who = [
                "name": row.name, "branch": row.branch,
                "born": row.birthDate.flatMap { CivilDate(iso: $0)?.vietnamese }.map { ", " + $0 } ?? "",
            ]
            if let member = roster.member(row) {
                problems.append(
                    Problem(
                        file: file, line: row.line, key: .importDuplicateStored,
                        values: who.merging(["id": String(member.id)]) { $1 }))
            } else if let earlier = seen[key]?.first(where: { sameBirth($0.birthDate, row.birthDate) }) {
                problems.append(
                    Problem(
                        file: file, line: row.line, key: .importDuplicateInFile,
                        values: who.merging(["line": earlier.line.map(String.init) ?? "?"]) { $1 }))
            }
            seen[key, default: []].append(row)
        }
        return problems
    }
}
