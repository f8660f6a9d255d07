import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The one long-running writer of a store file: an exclusive `flock` on `<store>.writer`, held until
/// the process closes the store or ends (the kernel releases it even after `kill -9`).
///
/// Two servers on one store would each keep sessions in memory ahead of the file, and a member's
/// messages alternating between them would be applied to the wrong questions; SQLite's own locks
/// only serialize the transactions, so the second server is refused at start instead.
final class WriterLock {
    private var descriptor: Int32

    /// Takes the lock, or says who holds it.
    init(store path: String) throws(StoreError) {
        let lockPath = path + ".writer"
        let descriptor = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw .inUse(path: path, holder: "cannot open \(lockPath): \(String(cString: strerror(errno)))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            var buffer = [UInt8](repeating: 0, count: 32)
            let count = pread(descriptor, &buffer, buffer.count, 0)
            let pid = String(decoding: buffer.prefix(max(0, count)), as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            close(descriptor)
            throw .inUse(path: path, holder: pid.isEmpty ? "another process" : "process \(pid)")
        }
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(descriptor, 0)
        _ = pwrite(descriptor, pid, pid.count, 0)
        self.descriptor = descriptor
    }

    /// The store's path with every symbolic link resolved (as SQLite names the file), so that the
    /// same store reached through a link has the same lock and the same marks; `path` itself when it
    /// cannot be resolved. (A hard link is another name of the file that nothing can tell from it.)
    static func resolved(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Lets the next writer in.
    func release() {
        guard descriptor >= 0 else { return }
        _ = ftruncate(descriptor, 0)
        close(descriptor)
        descriptor = -1
    }

    deinit { release() }
}
