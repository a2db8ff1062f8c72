import Foundation

/// Thins a long price series for a chart without hiding what matters: the series is cut into equal buckets and
/// each keeps its lowest and highest point (in time order), so every dip and spike — the all-time low above
/// all — stays visible. The first and last points are always kept.
public enum PriceSeriesDownsampler {
    public struct Point<Payload>: Sendable where Payload: Sendable {
        /// A Double, not a Decimal: only its order matters here, prices have far fewer digits than a Double
        /// holds, and parsing 10,000 prices as Decimal took longer than reading them from the database.
        public let value: Double
        public let payload: Payload

        public init(value: Double, payload: Payload) {
            self.value = value
            self.payload = payload
        }
    }

    /// At most `maxPoints` points (at least 4 are kept when there are that many), in their original order.
    public static func downsample<Payload>(_ points: [Point<Payload>], maxPoints: Int) -> [Point<Payload>] {
        keptIndices(points.map(\.value), maxPoints: maxPoints).map { points[$0] }
    }

    /// The indices `downsample` keeps of a series of `values`, ascending.
    public static func keptIndices(_ values: [Double], maxPoints: Int) -> [Int] {
        let limit = max(4, maxPoints)
        guard values.count > limit else { return Array(values.indices) }
        // The first and last points stand alone; the rest fills (limit - 2) / 2 buckets of two.
        let inner = values.count - 2
        let buckets = max(1, (limit - 2) / 2)
        var kept: [Int] = [0]
        kept.reserveCapacity(limit)
        for bucket in 0..<buckets {
            let start = 1 + bucket * inner / buckets
            let end = 1 + (bucket + 1) * inner / buckets
            guard start < end else { continue }
            var low = start, high = start
            for index in start..<end {
                if values[index] < values[low] { low = index }
                if values[index] > values[high] { high = index }
            }
            kept.append(min(low, high))
            if low != high { kept.append(max(low, high)) }
        }
        kept.append(values.count - 1)
        return kept
    }
}
