import Foundation
import NIOConcurrencyHelpers

/// The "refresh all" runs in progress in this process, at most one per user: asking again while one runs
/// answers with that run instead of queueing every product a second time.
final class RefreshAllRuns: Sendable {
    struct Run: Sendable, Equatable {
        let id: UUID
        let startedAt: Date
        let queued: Int
    }

    private let runs = NIOLockedValueBox<[UUID: Run]>([:])

    /// Starts a run for the user unless one is going; returns the run and whether it is new.
    func begin(userID: UUID, queued: Int, now: Date) -> (run: Run, isNew: Bool) {
        runs.withLockedValue { runs in
            if let running = runs[userID] { return (running, false) }
            let run = Run(id: UUID(), startedAt: now, queued: queued)
            runs[userID] = run
            return (run, true)
        }
    }

    func isRunning(userID: UUID) -> Bool {
        runs.withLockedValue { $0[userID] != nil }
    }

    func finish(userID: UUID, runID: UUID) {
        runs.withLockedValue { runs in
            if runs[userID]?.id == runID { runs[userID] = nil }
        }
    }
}
