/// Share of rows read right.
struct CorpusAccuracy: CustomStringConvertible {
    private(set) var correct = 0
    private(set) var total = 0

    mutating func record(_ isCorrect: Bool) {
        total += 1
        if isCorrect { correct += 1 }
    }

    var value: Double { total == 0 ? 0 : Double(correct) / Double(total) }
    var description: String { "\(correct)/\(total) = \(value.threeDecimals)" }
}
