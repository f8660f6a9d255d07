import Foundation

/// Removes secrets from text before it is logged or kept in an error.
///
/// The bot token is part of every API address (`/bot<TOKEN>/sendMessage`), and Foundation's
/// networking errors carry the address they failed on: every such text goes through `clean`.
public struct Redactor: Sendable {
    private let secrets: [String]

    public init(secrets: [String]) {
        var all: Set<String> = []
        for secret in secrets where !secret.isEmpty {
            all.insert(secret)
            // The forms an address may carry it in: the colon escaped, or everything but letters and digits.
            all.insert(secret.replacingOccurrences(of: ":", with: "%3A"))
            all.insert(secret.replacingOccurrences(of: ":", with: "%3a"))
            if let encoded = secret.addingPercentEncoding(withAllowedCharacters: .alphanumerics) {
                all.insert(encoded)
            }
        }
        // Longest first, so that no shorter form leaves part of a longer one behind.
        self.secrets = all.sorted { $0.count > $1.count }
    }

    /// `text` with every secret (also percent-encoded) replaced by `<token>`.
    public func clean(_ text: String) -> String {
        var result = text
        for secret in secrets {
            result = result.replacingOccurrences(of: secret, with: "<token>")
        }
        return result
    }
}
