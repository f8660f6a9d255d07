import Testing

@testable import TusoiEngine

@Suite("Reading dates the Vietnamese way")
struct DateReaderTests {
    let today = CivilDate(year: 2026, month: 11, day: 26)

    @Test(
        "the forms members write",
        arguments: [
            ("15/3", "2027-03-15"), ("15/12", "2026-12-15"), ("15/03/2027", "2027-03-15"),
            ("15-3-27", "2027-03-15"),
            ("15.3.2027", "2027-03-15"), ("ngày 15 tháng 3 năm 2027", "2027-03-15"),
            ("cuối tháng 6", "2027-06-30"),
            ("cuoi thang 12", "2026-12-31"), ("giữa tháng 7", "2027-07-15"), ("đầu tháng 12", "2026-12-01"),
            ("tháng 6/2027", "2027-06-30"), ("cuối năm", "2026-12-31"), ("trước 31/12/2026", "2026-12-31"),
            ("29/2/2028", "2028-02-29"),
        ])
    func reads(text: String, expected: String) {
        #expect(DateReader.read(text, today: today)?.description == expected)
    }

    @Test(
        "impossible dates and other text are refused",
        arguments: ["32/13", "29/2/2027", "mai", "", "tháng 13", "1/2/3/4"])
    func refuses(text: String) {
        #expect(DateReader.read(text, today: today) == nil)
    }

    @Test("today is the date in Vietnam, seven hours ahead of UTC")
    func vietnamTime() {
        // 2026-11-26 18:30 UTC is already 2026-11-27 in Hà Nội.
        #expect(CivilDate(vietnamTime: 1_795_717_800) == CivilDate(year: 2026, month: 11, day: 27))
        #expect(CivilDate(vietnamTime: 0) == CivilDate(year: 1970, month: 1, day: 1))
        #expect(CivilDate(iso: "2027-03-15")?.vietnamese == "15/03/2027")
    }
}
