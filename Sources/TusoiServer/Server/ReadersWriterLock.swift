import Foundation

/// A POSIX readers-writer lock: any number of readers at once, or one writer. A writer waiting
/// goes first (on Linux it has to be asked for): the flush, on the service's thread, must not wait
/// while the reading thread takes the lock again and again.
final class ReadersWriterLock: @unchecked Sendable {
    private let handle = UnsafeMutablePointer<pthread_rwlock_t>.allocate(capacity: 1)

    init() {
        handle.initialize(to: pthread_rwlock_t())
        var attributes = pthread_rwlockattr_t()
        pthread_rwlockattr_init(&attributes)
        #if os(Linux)
            pthread_rwlockattr_setkind_np(
                &attributes, Int32(PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP))
        #endif
        pthread_rwlock_init(handle, &attributes)
        pthread_rwlockattr_destroy(&attributes)
    }

    deinit {
        pthread_rwlock_destroy(handle)
        handle.deallocate()
    }

    func lockForReading() { pthread_rwlock_rdlock(handle) }
    func lockForWriting() { pthread_rwlock_wrlock(handle) }
    func unlock() { pthread_rwlock_unlock(handle) }
}
