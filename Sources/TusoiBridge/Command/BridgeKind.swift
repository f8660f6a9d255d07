/// The messengers this package has a bridge for.
public enum BridgeKind: Sendable {
    case telegram
    case zalo

    /// The program's name, the prefix of its log lines.
    var program: String {
        switch self {
        case .telegram: return "tusoi-telegram"
        case .zalo: return "tusoi-zalo"
        }
    }

    /// The channel's name in the protocol.
    var channel: String {
        switch self {
        case .telegram: return TelegramMessenger.channelName
        case .zalo: return ZaloMessenger.channelName
        }
    }

    /// The environment variable that holds the token when there is no `--token-file`.
    var tokenVariable: String {
        switch self {
        case .telegram: return "TELEGRAM_BOT_TOKEN"
        case .zalo: return "ZALO_BOT_TOKEN"
        }
    }

    var defaultAPIBase: String {
        switch self {
        case .telegram: return "https://api.telegram.org"
        case .zalo: return "https://bot-api.zaloplatforms.com"
        }
    }
}
