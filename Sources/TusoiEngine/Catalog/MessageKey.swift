/// Every message of the bot's own wording; each must be present in `Prompts/bot.txt`.
public enum MessageKey: String, CaseIterable, Sendable {
    case greeting
    case groupChat = "group-chat"
    case welcomeBack = "welcome-back"
    case sectionHeading = "section-heading"
    case citation
    case optionalHint = "optional-hint"
    case noneOption = "none-option"
    case reaskYesNo = "reask-yes-no"
    case reaskSingle = "reask-single"
    case reaskMultiple = "reask-multiple"
    case reaskMultipleNoNone = "reask-multiple-no-none"
    case reaskText = "reask-text"
    case reaskOutOfRange = "reask-out-of-range"
    case reaskNoneWithOthers = "reask-none-with-others"
    case reaskAmbiguous = "reask-ambiguous"
    case reaskNumber = "reask-number"
    case reaskNumberRange = "reask-number-range"
    case reaskDate = "reask-date"
    case longTextMore = "long-text-more"
    case longTextHint = "long-text-hint"
    case doneButton = "done-button"
    case groupRound = "group-round"
    case fullText = "full-text"
    case fullTextMissing = "full-text-missing"
    case fullTextUnknown = "full-text-unknown"
    case unclear
    case staleButton = "stale-button"
    case help
    case helpQuestion = "help-question"
    case paused
    case skipped
    case cannotSkip = "cannot-skip"
    case backAtStart = "back-at-start"
    case reviewHeader = "review-header"
    case reviewFooter = "review-footer"
    case reviewIncomplete = "review-incomplete"
    case allAnswered = "all-answered"
    case editUnknown = "edit-unknown"
    case editCurrent = "edit-current"
    case submitConfirm = "submit-confirm"
    case submitIncomplete = "submit-incomplete"
    case submitCancelled = "submit-cancelled"
    case submitted
    case alreadySubmitted = "already-submitted"
    case discardConfirm = "discard-confirm"
    case discarded
    case discardCancelled = "discard-cancelled"
    case languageChanged = "language-changed"
    case answerYes = "answer-yes"
    case answerNo = "answer-no"
    case answerNone = "answer-none"
    case answerSkipped = "answer-skipped"
    case answerMissing = "answer-missing"
    case confirmButton = "confirm-button"
    case cancelButton = "cancel-button"
    case submitButton = "submit-button"
}
