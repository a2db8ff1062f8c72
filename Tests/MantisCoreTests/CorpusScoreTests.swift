import Testing

@testable import MantisCore

@Suite("CorpusScore")
struct CorpusScoreTests {
    @Test("Right, wrong, unexpected and missed values count as the corpus README says")
    func outcomes() {
        var score = CorpusScore()
        #expect(score.record(predicted: PriceAmount("19.9"), accepted: [PriceAmount("19.90")!]) == .right)
        #expect(score.record(predicted: PriceAmount("20"), accepted: [PriceAmount("19.90")!]) == .wrong)
        #expect(score.record(predicted: PriceAmount("5"), accepted: []) == .unexpected)
        #expect(score.record(predicted: nil, accepted: [PriceAmount("7")!]) == .missed)
        #expect(score.record(predicted: nil as PriceAmount?, accepted: []) == .rightlyEmpty)
        #expect(score.truePositives == 1)
        #expect(score.falsePositives == 2)
        #expect(score.falseNegatives == 2)
        #expect(score.precision == 1.0 / 3.0)
        #expect(score.recall == 1.0 / 3.0)
        #expect(abs(score.f1 - 1.0 / 3.0) < 1e-12)
    }

    @Test("Any accepted value counts as right")
    func anyAcceptedValue() {
        var score = CorpusScore()
        score.record(predicted: "InStock", accepted: ["OutOfStock", "InStock"])
        #expect(score.f1 == 1)
    }

    @Test("No predictions and no expectations score zero, not NaN")
    func empty() {
        let score = CorpusScore()
        #expect(score.f1 == 0)
        #expect(score.description == "P 0.000 R 0.000 F1 0.000 (TP 0, FP 0, FN 0)")
    }

    @Test("Accuracy and its formatting")
    func accuracy() {
        var accuracy = CorpusAccuracy()
        accuracy.record(true)
        accuracy.record(true)
        accuracy.record(false)
        #expect(accuracy.description == "2/3 = 0.667")
        #expect(0.9491.threeDecimals == "0.949")
        #expect(1.0.threeDecimals == "1.000")
    }
}
