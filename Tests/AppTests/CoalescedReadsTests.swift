@testable import App
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Testing

@Suite("Coalesced reads (health pings, session checks)", .timeLimit(.minutes(1)))
struct CoalescedReadsTests {
    let loop = MultiThreadedEventLoopGroup.singleton.any()

    @Test("A caller never gets the answer of a read that began before it asked: it waits for the next one")
    func freshAnswers() async throws {
        let reads = NIOLockedValueBox(0)
        let firstReadGate = loop.makePromise(of: Void.self)
        let shared = CoalescedReads<String, Bool> { _ in
            let n = reads.withLockedValue { $0 += 1; return $0 }
            if n == 1 {
                try? await firstReadGate.futureResult.get()
                return false  // the database "was down" (or the session live) during the first read only
            }
            return true
        }
        let early = shared.value(for: "ping", on: loop)
        while reads.withLockedValue({ $0 }) == 0 { try await Task.sleep(for: .milliseconds(1)) }
        // These arrive while read 1 is out, so read 1's answer is not theirs.
        let late = [shared.value(for: "ping", on: loop), shared.value(for: "ping", on: loop), shared.value(for: "ping", on: loop)]
        firstReadGate.succeed()
        #expect(try await early.get() == false)
        for answer in late { #expect(try await answer.get() == true) }
        #expect(reads.withLockedValue { $0 } == 2)
    }

    @Test("Callers that come in together share reads; one after a quiet spell starts a new read")
    func sharedReads() async throws {
        let reads = NIOLockedValueBox(0)
        let shared = CoalescedReads<String, Bool> { _ in
            reads.withLockedValue { $0 += 1 }
            try? await Task.sleep(for: .milliseconds(20))
            return true
        }
        let answers = (0..<200).map { _ in shared.value(for: "ping", on: loop) }
        for answer in answers { #expect(try await answer.get() == true) }
        let burst = reads.withLockedValue { $0 }
        #expect(burst >= 1 && burst <= 2, "200 simultaneous callers took \(burst) reads")
        #expect(try await shared.value(for: "ping", on: loop).get() == true)
        #expect(reads.withLockedValue { $0 } == burst + 1)
    }

    @Test("Keys are read apart and side by side; a failed read fails only its own batch")
    func keysAreIndependent() async throws {
        struct Down: Error {}
        let gate = loop.makePromise(of: Void.self)
        let started = NIOLockedValueBox<Set<Int>>([])
        let shared = CoalescedReads<Int, Int> { key in
            started.withLockedValue { _ = $0.insert(key) }
            try? await gate.futureResult.get()
            if key == 3 { throw Down() }
            return key * 10
        }
        let answers = (1...3).map { shared.value(for: $0, on: loop) }
        // All three are out at once: one key's read does not wait for another's.
        while started.withLockedValue({ $0.count }) < 3 { try await Task.sleep(for: .milliseconds(1)) }
        gate.succeed()
        #expect(try await answers[0].get() == 10)
        #expect(try await answers[1].get() == 20)
        await #expect(throws: Down.self) { try await answers[2].get() }
        // Nothing failed is remembered either: each later read asks again.
        await #expect(throws: Down.self) { try await shared.value(for: 3, on: loop).get() }
        #expect(try await shared.value(for: 1, on: loop).get() == 10)
    }
}
