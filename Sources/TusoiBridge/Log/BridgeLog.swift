import Foundation

#if canImport(Glibc)
    @preconcurrency import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The operator's log, on standard error: what happened, never what members wrote, never the token.
///
/// Callers pass only counts, ids, codes and the messengers' error descriptions; every line still goes
/// through the ``Redactor`` in case a description quotes an address.
public struct BridgeLog: Sendable {
    private let name: String
    private let redactor: Redactor
    private let sink: @Sendable (String) -> Void

    /// - Parameters:
    ///   - name: the program's name, the prefix of every line.
    ///   - sink: where lines go; standard error unless a test collects them.
    public init(name: String, redactor: Redactor, sink: (@Sendable (String) -> Void)? = nil) {
        self.name = name
        self.redactor = redactor
        self.sink = sink ?? BridgeLog.standardError
    }

    public func info(_ message: String) {
        sink(redactor.clean("\(name): \(message)\n"))
    }

    public func error(_ message: String) {
        sink(redactor.clean("\(name): error: \(message)\n"))
    }

    /// One `write(2)` per line: lines of the bridge and of its threads never interleave.
    private static func standardError(_ line: String) {
        var line = line
        line.withUTF8 { bytes in
            _ = write(2, bytes.baseAddress, bytes.count)
        }
    }
}
