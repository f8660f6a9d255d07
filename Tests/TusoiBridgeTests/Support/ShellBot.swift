import Foundation

/// A stand-in for `tusoi serve` written in `sh`, for what the real bot does not do (yet) or should
/// never do: start requests of its own, die on purpose, refuse the handshake.
enum ShellBot {
    /// The handshake's answer every script starts with.
    static let handshake = """
        IFS= read -r line
        printf '%s\\n' '{"id":"init","jsonrpc":"2.0","result":{"protocolVersion":"1","server":{"name":"sh","version":"0"}}}'

        """

    /// Answers every `message` with one reply, "ok ID" (the request's id; the bridge writes it first).
    static let answerAll = """
        while IFS= read -r line; do
          id=$(printf '%s' "$line" | sed 's/^{"id":\\([0-9]*\\),.*/\\1/')
          printf '{"id":%s,"jsonrpc":"2.0","result":{"replay":false,"replies":[{"text":"ok %s"}]}}\\n' "$id" "$id"
        done

        """

    /// Writes `body` to an executable script in `folder` and returns the command that runs it.
    static func command(_ body: String, in folder: URL, arguments: [String] = []) -> [String] {
        let path = folder.appendingPathComponent("bot-\(UUID().uuidString).sh").path
        _ = FileManager.default.createFile(
            atPath: path, contents: Data(("#!/bin/sh\n" + body).utf8), attributes: [.posixPermissions: 0o755])
        return ["/bin/sh", path] + arguments
    }
}
