/// The exit codes of `tusoi`, after BSD's sysexits: scripts can tell a typo from a broken store.
public enum ExitCode: Int32, Sendable {
    case success = 0
    /// A check found errors.
    case failure = 1
    /// The command line is wrong.
    case usage = 64
    /// An input file (questionnaire, wording) has errors.
    case dataError = 65
    /// An input file (a store to read) does not exist.
    case noInput = 66
    /// What was to be created exists already (a store to copy into that is not empty).
    case cannotCreate = 73
    /// The store could not be opened or written.
    case storeError = 74
    /// Another process serves the store: try again once it has stopped.
    case tempFailure = 75
}
