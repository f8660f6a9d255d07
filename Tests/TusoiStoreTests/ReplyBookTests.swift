import Testing

@testable import TusoiStore

/// The book of reply texts against a table that, like SQLite's, gives a rolled-back row's id again.
@Suite("Which row holds a reply text")
struct ReplyBookTests {
    /// Rows as SQLite keeps them: ids from the largest kept, so a rolled-back id comes back.
    final class Table {
        var rows: [Int64: [UInt8]] = [:]
        var marks: [[Int64: [UInt8]]] = []
        func insert(_ text: [UInt8]) -> Int64 {
            let id = (rows.keys.max() ?? 0) + 1
            rows[id] = text
            return id
        }
    }

    func row(_ text: String, _ book: ReplyBook, _ table: Table) throws -> Int64 {
        let bytes = Array(text.utf8)
        return try book.row(
            for: bytes, stored: { table.rows[$0] }, store: { table.insert(bytes) }, inTransaction: true)
    }

    @Test("a text met twice in a savepoint that is rolled back is forgotten, even when the book was full")
    func rolledBackAfterForgetting() throws {
        let book = ReplyBook(limit: 2)
        let table = Table()
        _ = try row("a", book, table)
        _ = try row("b", book, table)
        // A savepoint: "c" stored and met again (remembered with its text), the book full meanwhile.
        let mark = book.mark
        let saved = table.rows
        let c = try row("c", book, table)
        #expect(try row("c", book, table) == c)
        table.rows = saved
        book.rollBack(to: mark)
        // The rolled-back id is given to the next new text; "c" must not be taken for it.
        let d = try row("d", book, table)
        #expect(d == c)
        let again = try row("c", book, table)
        #expect(again != d)
        #expect(table.rows[again] == Array("c".utf8))
        #expect(table.rows[try row("d", book, table)] == Array("d".utf8))
    }

    @Test("each text once; a collision of fingerprints or a forgotten text costs a row, never a wrong one")
    func onceEach() throws {
        let book = ReplyBook(limit: 1000)
        let table = Table()
        let texts = (0..<50).map { "Câu \($0 % 7): \(String(repeating: "x", count: $0 % 7))" }
        var rows: [String: Int64] = [:]
        for text in texts + texts {
            let id = try row(text, book, table)
            #expect(table.rows[id] == Array(text.utf8))
            if let first = rows[text] { #expect(id == first) } else { rows[text] = id }
        }
        #expect(table.rows.count == 7)
        book.forgetAll()
        for text in texts { #expect(table.rows[try row(text, book, table)] == Array(text.utf8)) }
    }
}
