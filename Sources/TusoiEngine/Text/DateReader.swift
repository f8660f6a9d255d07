/// Reads dates the way Vietnamese members write them.
///
/// "15/3" (this year, or next year if that day has passed), "15/03/2027", "15-3-27", "15.3.2027",
/// "ngày 15 tháng 3 năm 2027", "cuối tháng 6" (the last day of June), "giữa tháng 6" (the 15th),
/// "đầu tháng 7" (the 1st), "tháng 6/2027", "cuối năm" (31 December), with or without diacritics.
public enum DateReader {
    public static func read(_ text: String, today: CivilDate) -> CivilDate? {
        let folded = Folding.fold(text)
        if folded.hasSuffix("cuoi nam") || folded == "cuoi nam nay" {
            return CivilDate(year: today.year, month: 12, day: 31)
        }
        let fillers: Set<String> = ["ngay", "nam", "truoc", "den", "han", "vao", "la", "by", "before", "on"]
        let words = folded.split(separator: " ").map(String.init).filter { !fillers.contains($0) }
        guard !words.isEmpty else { return nil }
        if let position = words.firstIndex(of: "thang") {
            let numbers = words[(position + 1)...].compactMap { Int($0) }
            guard let month = numbers.first, (1...12).contains(month) else { return nil }
            let modifier = position > 0 ? words[position - 1] : ""
            var year = numbers.count > 1 ? expandYear(numbers[1]) : today.year
            let explicitDay = position > 0 ? Int(words[position - 1]) : nil
            let day: Int
            switch modifier {
            case "cuoi": day = CivilDate.days(inMonth: month, year: year)
            case "giua": day = 15
            case "dau": day = 1
            default:
                if let explicitDay {
                    day = explicitDay
                } else if numbers.count >= 1 && position == 0 {
                    day = CivilDate.days(inMonth: month, year: year)
                } else {
                    return nil
                }
            }
            var date = CivilDate(year: year, month: month, day: day)
            if numbers.count < 2 && date < today {
                year += 1
                date = CivilDate(
                    year: year, month: month,
                    day: modifier == "cuoi" ? CivilDate.days(inMonth: month, year: year) : day)
            }
            return date.isValid ? date : nil
        }
        let numbers = words.compactMap { Int($0) }
        guard numbers.count == words.count, (2...3).contains(numbers.count) else { return nil }
        var date = CivilDate(
            year: numbers.count == 3 ? expandYear(numbers[2]) : today.year, month: numbers[1], day: numbers[0]
        )
        guard date.isValid else { return nil }
        if numbers.count == 2 && date < today {
            date.year += 1
            guard date.isValid else { return nil }
        }
        return date
    }

    private static func expandYear(_ year: Int) -> Int {
        year < 100 ? 2000 + year : year
    }
}
