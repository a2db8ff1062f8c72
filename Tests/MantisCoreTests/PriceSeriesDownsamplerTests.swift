import Foundation
import MantisCore
import Testing

@Suite("Price series downsampling")
struct PriceSeriesDownsamplerTests {
    private func series(_ values: [Double]) -> [PriceSeriesDownsampler.Point<Int>] {
        values.enumerated().map { PriceSeriesDownsampler.Point(value: $0.element, payload: $0.offset) }
    }

    @Test("A short series is returned as it is")
    func shortSeriesUntouched() {
        let points = series([3, 1, 2])
        #expect(PriceSeriesDownsampler.downsample(points, maxPoints: 10).map(\.payload) == [0, 1, 2])
    }

    @Test("A long series shrinks to at most maxPoints, in time order, with first and last kept")
    func boundedAndOrdered() {
        let values = (0..<10_000).map { 100 + 10 * sin(Double($0) / 50) }
        let result = PriceSeriesDownsampler.downsample(series(values), maxPoints: 500)
        #expect(result.count <= 500)
        #expect(result.count >= 400)
        #expect(result.first?.payload == 0)
        #expect(result.last?.payload == 9_999)
        #expect(result.map(\.payload) == result.map(\.payload).sorted())
    }

    @Test("The lowest and highest prices survive, however short-lived", arguments: [17, 5_003, 9_998])
    func extremesSurvive(spikeAt index: Int) {
        var values = Array(repeating: 50.0, count: 10_000)
        values[index] = 9.99
        values[(index + 4_000) % 10_000] = 500
        let result = PriceSeriesDownsampler.downsample(series(values), maxPoints: 100)
        #expect(result.contains { $0.payload == index && $0.value == 9.99 })
        #expect(result.contains { $0.value == 500 })
        #expect(result.count <= 100)
    }
}
