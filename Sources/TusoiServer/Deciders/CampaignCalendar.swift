import TusoiEngine
import TusoiStore

/// Dates as members read them: campaigns end at midnight in Vietnam, shown as `dd/mm/yyyy`.
enum CampaignCalendar {
    /// The last day a campaign takes answers, for "due 15/12/2026".
    static func deadline(_ campaign: CampaignRecord) -> String {
        CivilDate(vietnamTime: campaign.closesAt - 1).vietnamese
    }

    static func day(_ seconds: Int64) -> String {
        CivilDate(vietnamTime: seconds).vietnamese
    }

    /// `hh:mm` in Vietnam.
    static func time(_ seconds: Int64) -> String {
        let minutes = ((seconds + 7 * 3_600) % 86_400 + 86_400) % 86_400 / 60
        let hours = String(minutes / 60)
        let rest = String(minutes % 60)
        return (hours.count == 1 ? "0" : "") + hours + ":" + (rest.count == 1 ? "0" : "") + rest
    }

    /// Midnight at the start of `date` in Vietnam (UTC+7), in seconds since 1970.
    static func startOfDay(_ date: CivilDate) -> Int64 {
        // Days since 1970-01-01 by the civil-from-days inverse (proleptic Gregorian).
        let y = Int64(date.month <= 2 ? date.year - 1 : date.year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let m = Int64(date.month)
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(date.day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146_097 + doe - 719_468
        return days * 86_400 - 7 * 3_600
    }
}
