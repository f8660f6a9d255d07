extension Turn {
    /// The numbered list of every step that applies, with its answer; the numbers are those of "edit N".
    mutating func reviewList() -> String {
        // Built as bytes, each item "N. title\n→ answer": shown on every review, it was as costly
        // as a string interpolated and joined per item (about 15,000 instructions an item).
        var out: [UInt8] = []
        var missing: String?
        func add(_ text: String) {
            var text = text
            text.withUTF8 { out.append(contentsOf: $0) }
        }
        for (index, (number, step)) in numberedSteps().enumerated() {
            if index > 0 { out.append(0x0A) }
            add(String(number))
            out.append(contentsOf: [0x2E, 0x20])  // ". "
            add(shortTitle(of: step))
            out.append(contentsOf: [0x0A, 0xE2, 0x86, 0x92, 0x20])  // "\n→ "
            if let answer = state.answers[step.key] {
                add(describe(answer, for: step))
            } else {
                if missing == nil { missing = text(.answerMissing) }
                add(missing!)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Every step that applies with its number in the review, in the order of the steps.
    ///
    /// Until every question is answered the numbers follow the steps. From the first complete review
    /// on they are fixed (``SessionState/numbered``): a step an edit adds takes the next free number,
    /// and a step that no longer applies leaves its number unused, so that "edit N" keeps meaning
    /// the item the member saw as N.
    mutating func numberedSteps() -> [(number: Int, step: Step)] {
        guard !state.numbered.isEmpty else { return steps.enumerated().map { ($0.offset + 1, $0.element) } }
        var numbers: [String: Int] = [:]
        for (index, key) in state.numbered.enumerated() { numbers[key] = index + 1 }
        return steps.map { step in
            if let number = numbers[step.key] { return (number, step) }
            state.numbered.append(step.key)
            return (state.numbered.count, step)
        }
    }

    /// The number of steps that apply and have no answer yet (a skipped optional step has one).
    func missingCount() -> Int {
        steps.filter { state.answers[$0.key] == nil }
            .count
    }

    mutating func showReview(header: String?) {
        if let header { preface.append(header) }
        let list = reviewList()
        preface.append(text(.reviewHeader) + "\n" + list)
        switch state.phase {
        case .reviewing:
            say(text(.reviewFooter), buttons: [Button(label: text(.submitButton), payload: "c/submit")])
        case .submitted:
            say(text(.alreadySubmitted))
        default:
            say(text(.reviewIncomplete, ["count": String(missingCount())]))
        }
    }

    mutating func review() {
        if state.phase == .new { return waitingToBegin ? askToBegin() : start() }
        if state.phase == .confirmingSubmit { state.phase = .reviewing }
        showReview(header: nil)
    }

    mutating func requestSubmit() {
        switch state.phase {
        case .submitted: return say(text(.alreadySubmitted))
        case .new: return start()
        default: break
        }
        let missing = missingCount()
        guard missing == 0 else {
            preface.append(text(.submitIncomplete, ["count": String(missing)]))
            return advance()
        }
        // The review is sent when the member asks (“xem lại”, or “chưa” here), not again on “nộp”.
        state.phase = .confirmingSubmit
        say(text(.submitConfirm, ["count": String(steps.count)]), buttons: confirmButtons)
    }

    mutating func submit() {
        state.phase = .submitted
        state.submittedAt = context.now
        state.returnNote = nil
        effects.append(.submitted)
        let copy = TranscriptRenderer.markdown(
            questionnaire: questionnaire, answers: state.answers, language: language, catalog: context.catalog
        )
        // Numbered as in the review the member submitted from.
        var numbers: [String: Int] = [:]
        for (number, step) in numberedSteps() { numbers[step.key] = number }
        let plain = TranscriptRenderer.plainText(
            questionnaire: questionnaire, answers: state.answers, language: language,
            catalog: context.catalog,
            submittedAt: context.now, numbers: numbers)
        let name = "\(questionnaire.id)-\(questionnaire.version).md"
        say(
            text(.submitted),
            attachment: Attachment(name: name, mediaType: "text/markdown", text: copy, plainText: plain))
    }

    /// The facilitator sent the submitted self-review back: it opens again at the review, with the
    /// comment on top; the member edits and submits again. Anything but a submitted review is left alone.
    mutating func reopen(comment: String) {
        guard state.phase == .submitted else { return }
        state.phase = .reviewing
        state.submittedAt = nil
        state.returnNote = comment
        effects.append(.reopened)
        showReview(header: text(.returnedForRevision, ["comment": comment]))
    }

    /// The branch's conclusion, told to the member, who is asked to take it in or add to their plan.
    mutating func conclude(comment: String, rating: String?) {
        guard state.phase == .submitted else { return }
        var told = text(.concludedNotice, ["comment": comment])
        if let rating { told += "\n" + text(.concludedRating, ["rating": rating]) }
        state.conclusion = told
        effects.append(.concluded)
        say(told + "\n\n" + text(.concludedAsk))
    }

    mutating func takeIn(addition: String?) {
        state.conclusion = nil
        effects.append(.tookIn(addition: addition))
        say(text(addition == nil ? .tookIn : .tookInAdded))
    }

    mutating func cancelSubmit() {
        state.phase = .reviewing
        preface.append(text(.submitCancelled))
        showReview(header: nil)
    }

    mutating func discard() {
        reset(to: SessionState(language: state.language))
        effects.append(.discarded)
        say(text(.discarded))
    }

    mutating func cancelDiscard(_ returnTo: String?) {
        preface.append(text(.discardCancelled))
        if let returnTo, step(forKey: returnTo) != nil {
            state.phase = .asking(returnTo)
            return repeatCurrent()
        }
        advance()
    }
}
