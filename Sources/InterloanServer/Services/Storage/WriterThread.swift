import Foundation

/// A thread of its own for the group commit's writer: the Swift jobs of a task that prefers this executor run
/// here instead of on the shared pool.
///
/// On the shared pool, every time the writer's task resumed it queued behind the request handlers' jobs; under
/// load a write took three times its CPU time in wall time, and every write waits for the one before it (see
/// BENCHMARKS.md). One thread serves the whole process: SQLite lets one connection write at a time anyway,
/// and a thread that lives as long as the process never has jobs left behind at an application's shutdown.
final class WriterThread: TaskExecutor, @unchecked Sendable {
    static let shared = WriterThread(name: "sqlite-writer")

    // `jobs` is guarded by `condition`'s lock.
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []

    private init(name: String) {
        let started = DispatchSemaphore(value: 0)
        let thread = Thread { [unowned self] in
            // For `top -H` and crash reports; at most 15 bytes, or Linux refuses it. Foundation on Linux applies a
            // name only once `start()` has stored the thread's handle (and its start-up overwrites one the creator
            // set), so the thread names itself after `start()` has returned; named any sooner, it kept the creator's
            // name now and then (3 threads in 2,000).
            started.wait()
            Thread.current.name = name
            self.run()
        }
        thread.start()
        started.signal()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        self.condition.lock()
        self.jobs.append(job)
        self.condition.signal()
        self.condition.unlock()
    }

    private func run() {
        var running: [UnownedJob] = []
        while true {
            self.condition.lock()
            while self.jobs.isEmpty { self.condition.wait() }
            swap(&running, &self.jobs)
            self.condition.unlock()
            for job in running { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
            running.removeAll(keepingCapacity: true)
        }
    }
}
