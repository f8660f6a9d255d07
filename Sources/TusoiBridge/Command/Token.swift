import Foundation

/// Reads the bot token: from `--token-file`, else from the environment variable.
enum Token {
    /// Letters, digits, `:`, `_` and `-`: what Telegram and Zalo tokens are made of, and nothing that
    /// could change the meaning of the address the token is put into.
    static func isWellFormed(_ token: String) -> Bool {
        !token.isEmpty && token.count <= 256
            && token.unicodeScalars.allSatisfy {
                $0.isASCII && (CharacterSet.alphanumerics.contains($0) || ":_-".unicodeScalars.contains($0))
            }
    }

    /// - Throws: ``UsageError``, whose message never contains the token.
    static func read(file: String?, variable: String, environment: [String: String]) throws(UsageError)
        -> String
    {
        let raw: String
        if let file {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw UsageError("the token file \(file) cannot be read")
            }
            raw = String(decoding: data, as: UTF8.self)
        } else if let value = environment[variable] {
            raw = value
        } else {
            throw UsageError("no token: pass --token-file PATH or set \(variable)")
        }
        let token = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard isWellFormed(token) else {
            throw UsageError("the token is empty or has characters other than letters, digits, ':', '_', '-'")
        }
        return token
    }

    /// Whether others than the owner may read `file`: worth a warning, a token is a password.
    static func isExposed(_ file: String) -> Bool {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: file),
            let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue
        else { return false }
        return mode & 0o077 != 0
    }
}
