import Testing

@testable import TusoiEngine

@Suite("The words the bot understands")
struct VocabularyTests {
    let vocabulary = Fixtures.catalog.vocabulary

    @Test(
        "commands with or without diacritics, in any case, as slash commands",
        arguments: [
            ("trợ giúp", Meaning.command(.help)), ("tro giup", .command(.help)), ("/help", .command(.help)),
            ("TẠM DỪNG", .command(.stop)), ("tam dung", .command(.stop)), ("quay lai", .command(.back)),
            ("xem lại", .command(.review)), ("sửa 3", .command(.edit(3))), ("sua 12", .command(.edit(12))),
            ("edit 2", .command(.edit(2))), ("nộp", .command(.submit)),
            ("ngôn ngữ en", .command(.language(.en))),
            ("language vi", .command(.language(.vi))),
            ("Tôi xác nhận nội dung trên là đúng", .command(.confirm)),
        ])
    func commands(text: String, meaning: Meaning) {
        #expect(vocabulary.meanings(of: text) == [meaning])
    }

    @Test("'đúng' and 'dừng' differ with diacritics, and 'dung' without them is both: the bot asks")
    func collision() {
        #expect(vocabulary.meanings(of: "đúng") == [.yes])
        #expect(vocabulary.meanings(of: "dừng") == [.command(.stop)])
        #expect(vocabulary.meanings(of: "dung") == [.yes, .command(.stop)])
    }

    @Test("long texts and unknown words mean nothing")
    func nothing() {
        #expect(vocabulary.meanings(of: "Tôi đi họp muộn hai lần vì bận việc ở cơ quan").isEmpty)
        #expect(vocabulary.meanings(of: "sửa").isEmpty)
        #expect(vocabulary.meanings(of: "sửa abc").isEmpty)
        #expect(vocabulary.meanings(of: "").isEmpty)
    }

    @Test(
        "leftover Telex keystrokes, where they lead to one word",
        arguments: [
            ("cos", Meaning.yes), ("khoong", .no), ("xem laij", .command(.review)),
            ("quay laij", .command(.back)),
            ("tam duwngf", .command(.stop)), ("noopj", .command(.submit)),
        ])
    func telex(text: String, meaning: Meaning) {
        #expect(vocabulary.meanings(of: text) == [meaning])
    }
}
