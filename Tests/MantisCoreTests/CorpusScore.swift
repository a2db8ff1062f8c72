/// Precision, recall and F1 as the corpus README scores extraction: a value is right when it equals any
/// accepted value; a wrong value counts as a false positive and a false negative; a value where none is
/// expected is a false positive; no value where one is expected is a false negative.
struct CorpusScore: CustomStringConvertible {
    private(set) var truePositives = 0
    private(set) var falsePositives = 0
    private(set) var falseNegatives = 0

    enum Outcome: Equatable {
        case right, wrong, unexpected, missed, rightlyEmpty
    }

    @discardableResult
    mutating func record<Value: Equatable>(predicted: Value?, accepted: [Value]) -> Outcome {
        guard let predicted else {
            if accepted.isEmpty { return .rightlyEmpty }
            falseNegatives += 1
            return .missed
        }
        if accepted.contains(predicted) {
            truePositives += 1
            return .right
        }
        falsePositives += 1
        if accepted.isEmpty { return .unexpected }
        falseNegatives += 1
        return .wrong
    }

    var precision: Double { ratio(truePositives, truePositives + falsePositives) }
    var recall: Double { ratio(truePositives, truePositives + falseNegatives) }
    var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }

    var description: String {
        "P \(precision.threeDecimals) R \(recall.threeDecimals) F1 \(f1.threeDecimals)"
            + " (TP \(truePositives), FP \(falsePositives), FN \(falseNegatives))"
    }

    private func ratio(_ part: Int, _ whole: Int) -> Double { whole == 0 ? 0 : Double(part) / Double(whole) }
}

extension Double {
    /// "0.949", without Foundation's locale-dependent formatting.
    var threeDecimals: String {
        let thousandths = Int((self * 1000).rounded())
        let fraction = String(thousandths % 1000)
        return "\(thousandths / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)"
    }
}
