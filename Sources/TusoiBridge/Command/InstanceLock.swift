import Foundation

#if canImport(Glibc)
    @preconcurrency import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Keeps one bridge per bot token on a machine: two pollers of one token take each other's updates
/// (Telegram answers one of them 409; Zalo hands each update to whichever asked), so members get
/// duplicated or missing replies.
///
/// The lock is an exclusive `flock` on a file named after the channel and a hash of the token (never
/// the token itself), held for the life of the process; the kernel releases it when the process
/// dies, however it dies, so a crashed bridge never leaves a stale lock behind.
struct InstanceLock {
    let path: String
    private let descriptor: Int32

    /// Why the lock was not taken.
    enum Failure: Error, Equatable {
        /// Another process holds it; its pid, if it wrote one.
        case held(path: String, pid: String?)
        case cannotOpen(path: String, reason: String)

        var message: String {
            switch self {
            case .held(let path, let pid):
                let who = pid.map { "process \($0)" } ?? "another process"
                return "another bridge (\(who)) already polls with this token (lock \(path)); "
                    + "stop it first: two bridges on one token answer members twice or not at all"
            case .cannotOpen(let path, let reason):
                return "the lock file \(path) cannot be opened: \(reason)"
            }
        }

        /// After sysexits: another instance is a temporary failure (75), a lock that cannot be
        /// made is a file that cannot be created (73).
        var exitCode: Int32 {
            switch self {
            case .held: return BridgeCommand.Exit.conflict.rawValue
            case .cannotOpen: return BridgeCommand.Exit.cannotCreate.rawValue
            }
        }
    }

    /// Takes the lock for `token` on `channel` in `directory`, or says who holds it.
    static func acquire(channel: String, token: String, directory: String) throws(Failure) -> InstanceLock {
        let path = "\(directory)/tusoi-\(channel)-\(fingerprint(token)).lock"
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw .cannotOpen(path: path, reason: String(cString: strerror(errno)))
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let holder = (try? String(contentsOfFile: path, encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines)
            close(descriptor)
            throw .held(path: path, pid: holder?.isEmpty == false ? holder : nil)
        }
        let pid = "\(getpid())\n"
        _ = ftruncate(descriptor, 0)
        _ = pid.withCString { pwrite(descriptor, $0, strlen($0), 0) }
        return InstanceLock(path: path, descriptor: descriptor)
    }

    /// Releases the lock (the process's end does the same).
    func release() {
        close(descriptor)
    }

    /// 64-bit FNV-1a of the token, in hex: names the file without revealing the token.
    static func fingerprint(_ token: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in token.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
