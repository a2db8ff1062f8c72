@testable import App
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Testing

@Suite("Coalesced health probe", .timeLimit(.minutes(1)))
struct CoalescedProbeTests {
    let loop = MultiThreadedEventLoopGroup.singleton.any()

    @Test("A check never gets the answer of a ping that began before it asked: it waits for the next one")
    func freshAnswers() async throws {
        let pings = NIOLockedValueBox(0)
        let firstPingGate = loop.makePromise(of: Void.self)
        let probe = CoalescedProbe {
            let n = pings.withLockedValue { $0 += 1; return $0 }
            if n == 1 {
                try? await firstPingGate.futureResult.get()
                return false  // the database "was down" during the first ping only
            }
            return true
        }
        let early = probe.check(on: loop)
        while pings.withLockedValue({ $0 }) == 0 { try await Task.sleep(for: .milliseconds(1)) }
        // These arrive while ping 1 is out, so ping 1's answer is not theirs.
        let late = [probe.check(on: loop), probe.check(on: loop), probe.check(on: loop)]
        firstPingGate.succeed()
        #expect(try await early.get() == false)
        for check in late { #expect(try await check.get() == true) }
        #expect(pings.withLockedValue { $0 } == 2)
    }

    @Test("Checks that come in together share pings; a check after a quiet spell starts a new one")
    func sharedPings() async throws {
        let pings = NIOLockedValueBox(0)
        let probe = CoalescedProbe {
            pings.withLockedValue { $0 += 1 }
            try? await Task.sleep(for: .milliseconds(20))
            return true
        }
        let checks = (0..<200).map { _ in probe.check(on: loop) }
        for check in checks { #expect(try await check.get() == true) }
        let burst = pings.withLockedValue { $0 }
        #expect(burst >= 1 && burst <= 2, "200 simultaneous checks took \(burst) pings")
        #expect(try await probe.check(on: loop).get() == true)
        #expect(pings.withLockedValue { $0 } == burst + 1)
    }
}
