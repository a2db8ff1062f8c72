import Foundation

/// Finds the lexicon's stock phrases in a short label or button text.
///
/// Text and lexicon are cut into the same words: case, accents and letter width folded, every number
/// (in any digit system) one token, and each character of scripts written without spaces between
/// words (Chinese, Japanese, Korean, Thai, Hebrew, Arabic...) a word of its own, so phrases match at
/// word boundaries in Latin, Cyrillic or Greek text ("unavailable" is not "available") and anywhere
/// in those scripts ("品切れ中です").
struct StockPhraseMatcher: Sendable {
    enum Meaning: Sendable {
        case inStock
        case outOfStock
        /// "Coming soon", "available from 12 May": out of stock now, yet no reason to doubt a pre-order beside it.
        case later
        /// Pre-order or back-order: the shop takes orders, which wins over "out of stock" beside it.
        case orderable
        /// Store pickup: unavailable there is not out of stock online.
        case otherChannel
    }

    private struct Phrase: Sendable {
        var words: [Int32]
        var meaning: Meaning
        /// "Available", "Disponible": a verdict only when they are the whole label, or when negated.
        var wholeLabel: Bool
        /// Ends in a count ("only #"), which a unit after it makes a duration or a price ("only 2 days").
        var endsInCount: Bool
    }

    private struct Match {
        var start: Int
        var end: Int
        var meaning: Meaning
        var wholeLabel: Bool
        var zero: Bool
    }

    /// The lexicon's `#`: any count. A count written with zeros only is `zero` ("0 in stock" is out); a price
    /// or a size is `measure`, which no phrase takes.
    private static let number: Int32 = 0
    private static let zero: Int32 = 1
    private static let measure: Int32 = 2
    private static let unknown: Int32 = -1

    private var vocabulary: [String: Int32] = [:]
    private var phrases: [Phrase] = []
    private var phrasesByFirstWord: [Int32: [Int]] = [:]
    private var labelPrefixes: [[Int32]] = []
    private var negations: Set<Int32> = []
    private var postNegations: Set<Int32> = []
    private var fillers: Set<Int32> = []
    private var nonCountUnits: Set<Int32> = []

    static let shared = StockPhraseMatcher(languages: StockLexicon.languages)

    init(languages: [StockLexicon.Language]) {
        for language in languages {
            for text in language.inStock { add(text, .inStock, wholeLabel: false) }
            for text in language.outOfStock { add(text, .outOfStock, wholeLabel: false) }
            for text in language.comingLater { add(text, .later, wholeLabel: false) }
            for text in language.orderable { add(text, .orderable, wholeLabel: false) }
            for text in language.otherChannels { add(text, .otherChannel, wholeLabel: false) }
            for text in language.inStockLabels { add(text, .inStock, wholeLabel: true) }
            for text in language.outOfStockLabels { add(text, .outOfStock, wholeLabel: true) }
            labelPrefixes += language.labelPrefixes.map { learn($0) }.filter { !$0.isEmpty }
            negations.formUnion(language.negations.flatMap { learn($0) })
            postNegations.formUnion(language.postNegations.flatMap { learn($0) })
            fillers.formUnion(language.fillers.flatMap { learn($0) })
            nonCountUnits.formUnion(language.nonCountUnits.flatMap { learn($0) })
        }
    }

    private mutating func learn(_ text: String) -> [Int32] {
        var words: [Int32] = []
        Self.forEachWord(in: text, pattern: true) { word in
            switch word {
            case .count, .measure: words.append(Self.number)
            case .text(let text):
                if let id = vocabulary[text] {
                    words.append(id)
                } else {
                    let id = Int32(vocabulary.count + 3)
                    vocabulary[text] = id
                    words.append(id)
                }
            }
        }
        return words
    }

    private mutating func add(_ text: String, _ meaning: Meaning, wholeLabel: Bool) {
        let words = learn(text)
        guard let first = words.first else { return }
        phrasesByFirstWord[first, default: []].append(phrases.count)
        phrases.append(
            Phrase(words: words, meaning: meaning, wholeLabel: wholeLabel, endsInCount: words.last == Self.number))
    }

    // MARK: matching

    /// Out-of-stock wording wins over in-stock wording, a pre-order or back-order over both, and a
    /// longer phrase over one inside it ("almost sold out", "品切れ間近" are in stock).
    func meaning(of text: String) -> Meaning? {
        var words: [Int32] = []
        words.reserveCapacity(16)
        Self.forEachWord(in: text, pattern: false) { word in
            switch word {
            case .count(let zero): words.append(zero ? Self.zero : Self.number)
            case .measure: words.append(Self.measure)
            case .text(let text): words.append(vocabulary[text] ?? Self.unknown)
            }
        }
        var matches: [Match] = []
        for start in words.indices {
            let first = words[start] == Self.zero ? Self.number : words[start]
            guard first >= 0, let candidates = phrasesByFirstWord[first] else { continue }
            for index in candidates {
                let phrase = phrases[index]
                let end = start + phrase.words.count
                guard end <= words.count else { continue }
                var zero = false
                var same = true
                for offset in phrase.words.indices {
                    let expected = phrase.words[offset]
                    let found = words[start + offset]
                    if expected == Self.number, found == Self.number || found == Self.zero {
                        zero = zero || found == Self.zero
                    } else if expected != found {
                        same = false
                        break
                    }
                }
                if same, phrase.endsInCount, end < words.count, nonCountUnits.contains(words[end]) { same = false }
                if same {
                    matches.append(
                        Match(
                            start: start, end: end, meaning: phrase.meaning, wholeLabel: phrase.wholeLabel, zero: zero))
                }
            }
        }
        guard !matches.isEmpty else { return nil }
        // A phrase inside a longer one is part of it: "sold out" in "almost sold out".
        let kept = matches.filter { inner in
            !matches.contains { outer in
                outer.start <= inner.start && inner.end <= outer.end
                    && outer.end - outer.start > inner.end - inner.start
            }
        }
        // "Pickup currently unavailable at …" says nothing of the online offer; "In stock, pickup today" does.
        let otherChannel = kept.contains { $0.meaning == .otherChannel }
        let labelStarts = [0] + labelPrefixes.filter { words.starts(with: $0) }.map(\.count)
        var orderable = false
        var out = false
        var inStock = false
        for match in kept where match.meaning != .otherChannel {
            switch verdict(match, kept, words, labelStarts) {
            case .orderable?: orderable = true
            case .outOfStock?, .later?: out = out || !otherChannel
            case .inStock?: inStock = true
            case .otherChannel?, nil: break
            }
        }
        if orderable { return .orderable }
        if out { return .outOfStock }
        return inStock ? .inStock : nil
    }

    private func verdict(_ match: Match, _ all: [Match], _ words: [Int32], _ labelStarts: [Int]) -> Meaning? {
        let negative = match.meaning == .outOfStock || match.meaning == .later
        let negated = !negative && (match.zero || isNegated(match, all, words))
        if match.wholeLabel {
            // "Derzeit nicht verfügbar" says out of stock; "Available in three colours" says nothing.
            if negated { return .outOfStock }
            return match.end == words.count && labelStarts.contains(match.start) ? match.meaning : nil
        }
        return negated ? .outOfStock : match.meaning
    }

    /// "not in stock", "nicht mehr lieferbar", "n'est plus disponible": a negation before the phrase with
    /// at most three filler words between; "stokta yok", "उपलब्ध नहीं": one after it; and a pre-order
    /// followed by out-of-stock wording ("pre-order sold out").
    private func isNegated(_ match: Match, _ all: [Match], _ words: [Int32]) -> Bool {
        var before = match.start - 1
        var skipped = 0
        while before >= 0, skipped <= 3 {
            if negations.contains(words[before]) { return true }
            guard fillers.contains(words[before]) else { break }
            before -= 1
            skipped += 1
        }
        var after = match.end
        while after < words.count, fillers.contains(words[after]) { after += 1 }
        if after < words.count, postNegations.contains(words[after]) { return true }
        return match.meaning == .orderable && all.contains { $0.meaning == .outOfStock && $0.start == after }
    }

    // MARK: words

    enum Word {
        case text(String)
        /// A whole number; `zero` when written with zeros only.
        case count(zero: Bool)
        /// A number with decimals or beside a currency sign: a price or a size, never a stock count.
        case measure
    }

    /// Latin-1 to Greek Extended folded once with Foundation (case, accents, ß → ss, ς → σ), so text is
    /// folded by table look-up; nil marks a separator, "" a mark that only decorates the letter before.
    private static let foldTable: [String?] = (0x80..<0x2000).map { value in
        guard let scalar = Unicode.Scalar(value) else { return nil }
        let properties = scalar.properties
        if properties.generalCategory == .nonspacingMark || properties.generalCategory == .enclosingMark {
            return ""
        }
        guard properties.isAlphabetic else { return nil }
        // Letters shops often write without their stroke, and Turkish dotless i, which an ASCII I lowercases past.
        switch value {
        case 0x131, 0x130: return "i"
        case 0x141, 0x142: return "l"
        case 0x110, 0x111: return "d"
        default: break
        }
        let folded = String(scalar).folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        var kept = String.UnicodeScalarView()
        for part in folded.unicodeScalars where part.properties.generalCategory != .nonspacingMark {
            kept.append(part)
        }
        return String(kept)
    }

    /// Scripts that do not put spaces between words, and Hebrew and Arabic, which join prefixes to them.
    @inline(__always)
    private static func isUnspaced(_ value: UInt32) -> Bool {
        switch value {
        case 0x0590...0x05FF, 0x0600...0x06FF, 0x0750...0x077F, 0x08A0...0x08FF: return true
        case 0x0E00...0x0EFF, 0x1000...0x109F, 0x1780...0x17FF: return true
        case 0x1100...0x11FF, 0x3040...0x30FA, 0x30FC...0x30FF, 0x3130...0x318F, 0x31F0...0x31FF: return true
        case 0x3005...0x3007, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xAC00...0xD7AF, 0xF900...0xFAFF: return true
        case 0xFB1D...0xFDFF, 0xFE70...0xFEFF, 0xFF66...0xFF9F, 0x20000...0x3FFFF: return true
        default: return false
        }
    }

    /// Calls `body` with each word of `text`, folded. With `pattern`, `#` stands for a number.
    @inline(__always)
    static func forEachWord(in text: String, pattern: Bool, _ body: (Word) -> Void) {
        var word = ""
        var inNumber = false
        var numberIsZero = true
        var numberHasSeparator = false
        var separatorPending = false
        var currencyBefore = false
        var numberAfterCurrency = false
        // A number is held until the next visible character tells whether a currency sign follows it.
        var heldNumber: Word?
        func endWord() {
            if inNumber {
                inNumber = false
                heldNumber = numberHasSeparator || numberAfterCurrency ? .measure : .count(zero: numberIsZero)
            } else if !word.isEmpty {
                body(.text(word))
                word = ""
            }
        }
        func releaseNumber(currencyFollows: Bool) {
            guard let held = heldNumber else { return }
            body(currencyFollows ? .measure : held)
            heldNumber = nil
        }
        for original in text.unicodeScalars {
            var scalar = original
            // Full-width ASCII ("ＳＯＬＤ ＯＵＴ", "残り２点") reads as ASCII.
            if (0xFF01...0xFF5E).contains(scalar.value), let narrow = Unicode.Scalar(scalar.value - 0xFEE0) {
                scalar = narrow
            }
            let value = scalar.value
            let isSpace =
                value == 0x20 || value == 0x09 || value == 0x0A || value == 0x0D
                || (value >= 0x80 && scalar.properties.isWhitespace)
            if isSpace {
                if inNumber { endWord() }
                endWord()
                separatorPending = false
                continue
            }
            let isCurrency = value == 0x24 || (value >= 0x80 && scalar.properties.generalCategory == .currencySymbol)
            if inNumber && !isCurrency && !(value >= 0x30 && value <= 0x39) && value != 0x2C && value != 0x2E
                && !(value >= 0x80 && scalar.properties.numericType == .decimal)
            {
                endWord()
            }
            if heldNumber != nil && !inNumber { releaseNumber(currencyFollows: isCurrency) }
            if isCurrency {
                if inNumber {
                    endWord()
                    releaseNumber(currencyFollows: true)
                }
                endWord()
                currencyBefore = true
                separatorPending = false
                continue
            }
            var digit: UInt32?
            if value >= 0x30 && value <= 0x39 {
                digit = value - 0x30
            } else if value >= 0x80, scalar.properties.numericType == .decimal {
                digit = scalar.properties.numericValue.map { $0 == 0 ? 0 : 1 }
            }
            if let digit {
                if !inNumber {
                    endWord()
                    inNumber = true
                    numberIsZero = true
                    numberHasSeparator = false
                    numberAfterCurrency = currencyBefore
                } else if separatorPending {
                    numberHasSeparator = true
                }
                separatorPending = false
                numberIsZero = numberIsZero && digit == 0
                continue
            }
            currencyBefore = false
            // "19,99" and "1.5" stay one number, a measure.
            if inNumber, !separatorPending, value == 0x2C || value == 0x2E {
                separatorPending = true
                continue
            }
            if inNumber { endWord() }
            separatorPending = false
            if value < 0x80 {
                if value >= 0x61 && value <= 0x7A {
                    word.unicodeScalars.append(scalar)
                } else if value >= 0x41 && value <= 0x5A {
                    word.unicodeScalars.append(Unicode.Scalar(value + 0x20)!)
                } else if pattern && value == 0x23 {
                    endWord()
                    body(.count(zero: false))
                } else {
                    endWord()
                }
            } else if isUnspaced(value) {
                let category = scalar.properties.generalCategory
                if category == .nonspacingMark || category == .enclosingMark { continue }
                endWord()
                if scalar.properties.isAlphabetic { body(.text(String(scalar))) }
            } else if value < 0x2000 {
                if let folded = foldTable[Int(value) - 0x80] {
                    word += folded
                } else {
                    endWord()
                }
            } else if scalar.properties.isAlphabetic {
                word += scalar.properties.lowercaseMapping
            } else {
                let category = scalar.properties.generalCategory
                if category != .nonspacingMark && category != .enclosingMark { endWord() }
            }
        }
        endWord()
        releaseNumber(currencyFollows: false)
    }
}
