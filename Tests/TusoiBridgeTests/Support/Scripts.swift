/// The conversations the end-to-end tests play: the real 2022 questionnaire to the end, after the
/// golden conversation `tu-soi-happy` (one manifestation, a long answer in parts, feedback to a fellow
/// member, a plan of two items, the review asked for, submission; the 2022 campaign had no
/// self-rating), with one answer long enough that the review exceeds Telegram's 4,096 characters.
enum Scripts {
    /// About 2,000 characters of one answer, in sentences.
    static let longAnswer = String(
        repeating:
            "Đôi khi phát ngôn trong nhóm Zalo cơ quan còn thiếu cân nhắc, chưa kiểm chứng thông tin. ",
        count: 30)

    /// On Telegram: yes/no, "done" and submission are buttons; checklists take numbers.
    static let telegram: [Step] = [
        .text("Chào đồng chí"),
        .press("c/begin"),
        .text("3"),
        .text(
            "Tôi chưa dành thời gian đọc kỹ nghị quyết, chủ yếu nghe phổ biến lại vì bận công việc chuyên môn."
        ),
        .text("0"),
        .text("khong co"),
        .press("a/6/no"),
        .text("Ở cơ quan tôi đi làm đúng giờ, nhận việc khó."),
        .text("Ở nhà nhắc con cháu chấp hành pháp luật; ở khu dân cư tham gia đóng góp quỹ."),
        .press("c/done"),
        .text("bo qua"),
        .text("5"),
        .text(longAnswer),
        .text("Đề nghị cấp ủy thông báo lịch sinh hoạt sớm hơn."),
        .press("a/14/yes"),
        .text("Bình"),
        .text("Đồng chí nên mạnh dạn phát biểu hơn trong các buổi sinh hoạt."),
        .press("c/done"),
        // Feedback to one more member? (2022.4: a repeatable group)
        .text("không"),
        .text("Chưa học kỹ nghị quyết; phát ngôn trên mạng xã hội chưa cẩn trọng."),
        .text("Chưa học kỹ nghị quyết."),
        .text("Mỗi tháng đọc một nghị quyết và ghi chép."),
        .text("31/12/2030"),
        .press("a/23/yes"),
        .text("Phát ngôn trên mạng xã hội chưa cẩn trọng."),
        .text("Suy nghĩ kỹ trước khi đăng bài."),
        .text("31/03/2031"),
        .press("a/23/no"),
        // The review is sent when asked; here it is longer than one Telegram message.
        .text("xem lại"),
        .press("c/submit"),
        .press("c/submit-yes"),
    ]

    /// On Zalo the same conversation is typed: words and the numbers of the options; and a sticker
    /// sent in the middle, which the bot answers by asking for words.
    static let zalo: [Step] = {
        var steps: [Step] = telegram.map { step in
            guard case .press(let data) = step else { return step }
            let typed = [
                "c/begin": "bắt đầu", "a/6/no": "khong", "c/done": "xong", "a/14/yes": "có", "a/23/yes": "có",
                "a/23/no": "không",
                "c/submit": "nộp", "c/submit-yes": "tôi xác nhận nội dung trên là đúng",
            ]
            return .text(typed[data]!)
        }
        steps.insert(.media, at: 8)
        return steps
    }()
}
