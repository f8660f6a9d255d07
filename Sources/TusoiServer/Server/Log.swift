#if canImport(Glibc)
    @preconcurrency import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The operator's log: standard error only, never a member's text or answers.
public enum Log {
    /// Writes one line to standard error.
    public static func info(_ message: String) {
        write("tusoi: " + message + "\n")
    }

    public static func error(_ message: String) {
        write("tusoi: error: " + message + "\n")
    }

    /// Writes `line` to standard error as it is (the command line's messages bring their own prefix).
    static func write(_ line: String) {
        var line = line
        line.withUTF8 { bytes in
            _ = fwrite(bytes.baseAddress, 1, bytes.count, stderr)
        }
        fflush(stderr)
    }
}

/// Flushes what `print` buffered, so that a prompt shows before the program waits for input.
func flushStandardOutput() {
    fflush(stdout)
}
