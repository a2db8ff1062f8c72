/// Finds the number runs and currency notations in a price text, by character position.
/// One linear pass each, no regular expressions, so long or hostile text costs little.
enum PriceTextScanner {
    struct Number {
        var range: Range<Int>
        /// Digits and separators as written, without the spaces that may follow a decimal mark ("36. 24").
        var text: String

        /// Ends in a mark and two digits, as amounts of money do ("12,99").
        var hasCents: Bool {
            let tail = text.suffix(3)
            return tail.count == 3 && (tail.first == "." || tail.first == ",")
                && tail.dropFirst().allSatisfy(\.isASCIIDigit)
        }
    }

    struct CurrencyMatch {
        var range: Range<Int>
        var text: String
        var code: String?
        var isISOCode = false
        /// Lowercase ("pln") and word-like ("ALL") codes are currencies only right beside an amount.
        var needsAdjacency = false

        /// Characters between this match and the number, 0 when they touch.
        func distance(to number: Range<Int>) -> Int {
            range.upperBound <= number.lowerBound
                ? number.lowerBound - range.upperBound : max(0, range.lowerBound - number.upperBound)
        }

        /// Only spaces or a colon between them: "US$:12.99", "12,99 €", "EUR29.66".
        func isAdjacent(to number: Range<Int>, in characters: [Character]) -> Bool {
            let gap =
                range.upperBound <= number.lowerBound
                ? range.upperBound..<number.lowerBound : number.upperBound..<max(number.upperBound, range.lowerBound)
            guard gap.count <= 3 else { return false }
            return characters[gap].allSatisfy { $0.isWhitespace || $0 == ":" }
        }
    }

    private static let groupSeparators: Set<Character> = ["'", "’", "\u{00A0}", "\u{202F}", "\u{2009}", " "]

    // MARK: numbers

    /// Runs of digits with the separators that may sit inside a number. A space groups thousands only before
    /// any "." or ",", and only before exactly three digits: "12.99 2 for 20" is 12.99 and "2 400" is 2400.
    /// Numbers followed by "%" are not prices.
    static func numbers(in characters: [Character], decimalSeparator: Character? = nil) -> [Number] {
        var result: [Number] = []
        var index = 0
        let count = characters.count
        func isMark(_ character: Character) -> Bool {
            character == "." || character == "," || character == decimalSeparator
        }
        func isDigit(_ position: Int) -> Bool { position < count && characters[position].isASCIIDigit }
        func digitRun(from position: Int) -> Int {
            var end = position
            while end < count, characters[end].isASCIIDigit { end += 1 }
            return end - position
        }

        while index < count {
            let start = index
            // A number starts at a digit, or at marks right before digits after a non-digit ("$.75", "$..75").
            if !characters[index].isASCIIDigit {
                var probe = index
                while probe < count, isMark(characters[probe]) { probe += 1 }
                // Not after a letter: "Rs.164" is 164, not 0.164.
                guard probe > index, isDigit(probe),
                    index == 0 || !(characters[index - 1].isASCIIDigit || characters[index - 1].isLetter)
                else {
                    index += 1
                    continue
                }
            }
            var text = ""
            var sawMark = false
            var groupLength = 0
            scan: while index < count {
                let character = characters[index]
                if character.isASCIIDigit {
                    text.append(character)
                    groupLength += 1
                    index += 1
                } else if isMark(character) {
                    if isDigit(index + 1) {
                        text.append(character)
                        sawMark = true
                        groupLength = 0
                        index += 1
                    } else if index + 2 < count, characters[index + 1] == " ", !sawMark,
                        (1...2).contains(digitRun(from: index + 2))
                    {
                        // "36. 24" and "130, 38 zł": a stray space after the decimal mark.
                        text.append(character)
                        sawMark = true
                        groupLength = 0
                        index += 2
                    } else {
                        // A trailing mark ("€ 610,", "1.299,-", "105. –") ends the number.
                        break scan
                    }
                } else if groupSeparators.contains(character) || character.isWhitespace {
                    let isQuote = character == "'" || character == "’"
                    // Past 20 characters a "number" with spaces is a list of numbers, not a price.
                    guard !text.isEmpty, groupLength <= 3, isQuote || !sawMark, digitRun(from: index + 1) == 3,
                        index - start < 20
                    else { break scan }
                    text.append(character)
                    groupLength = 0
                    index += 1
                } else {
                    break scan
                }
            }
            if index == start { index += 1 }
            guard text.contains(where: \.isASCIIDigit) else { continue }
            var after = index
            while after < count, characters[after] == " " { after += 1 }
            if after < count, characters[after] == "%" { continue }
            result.append(Number(range: start..<index, text: text))
        }
        return result
    }

    // MARK: currencies

    static func currencies(in characters: [Character]) -> [CurrencyMatch] {
        var result: [CurrencyMatch] = []
        var index = 0
        let count = characters.count
        func isLetter(_ position: Int) -> Bool {
            position >= 0 && position < count && characters[position].isLetter
        }
        while index < count {
            let character = characters[index]
            // A longer notation wins over the ISO code it starts with: "CAD$" over "CAD".
            if let match = notation(at: index, in: characters), match.range.count > 3 {
                result.append(match)
                index = match.range.upperBound
                continue
            }
            if character.isASCII, character.isLetter, !isLetter(index - 1), index + 3 <= count, !isLetter(index + 3),
                characters[index..<index + 3].allSatisfy({ $0.isASCII && $0.isLetter })
            {
                let word = String(characters[index..<index + 3])
                let upper = word.uppercased()
                if Currency.isoCodes.contains(upper), word == upper || word == word.lowercased() {
                    let needsAdjacency = word != upper || Currency.wordLikeCodes.contains(upper)
                    result.append(
                        CurrencyMatch(
                            range: index..<index + 3, text: word, code: upper, isISOCode: true,
                            needsAdjacency: needsAdjacency))
                    index += 3
                    continue
                }
            }
            if let match = notation(at: index, in: characters) {
                result.append(match)
                index = match.range.upperBound
            } else {
                index += 1
            }
        }
        return result
    }

    private static func notation(at index: Int, in characters: [Character]) -> CurrencyMatch? {
        guard let candidates = Currency.notationsByFirstCharacter[characters[index]] else { return nil }
        let count = characters.count
        // Longest first; at one length the notation written in exactly this case wins ("Rf" is the rufiyaa,
        // "RF" the Rwandan franc, though each also matches the other in any case).
        var inAnyCase: CurrencyMatch?
        for notation in candidates {
            let length = notation.characters.count
            if let inAnyCase, inAnyCase.range.count > length { return inAnyCase }
            guard index + length <= count else { continue }
            // Compared in place: a string per candidate and position was most of the parser's time once
            // CLDR's 700 notations came in.
            var exact = true
            for offset in 0..<length where characters[index + offset] != notation.characters[offset] {
                exact = false
                break
            }
            if !exact {
                guard notation.caseInsensitive, notation.lowered.count == length else { continue }
                var same = true
                for offset in 0..<length where !Self.sameIgnoringCase(characters[index + offset], notation.lowered[offset]) {
                    same = false
                    break
                }
                guard same else { continue }
            }
            let written = String(characters[index..<index + length])
            // Letters must stand alone as a word ("Rs" but not "Rsvp"), unless a word may carry an ending.
            if notation.text.first!.isLetter, index > 0, characters[index - 1].isLetter { continue }
            if notation.text.last!.isLetter, index + length < count, characters[index + length].isLetter,
                !notation.matchesWordPrefix
            {
                continue
            }
            let match = CurrencyMatch(
                range: index..<index + length, text: written, code: notation.code, needsAdjacency: notation.needsAdjacency)
            if exact { return match }
            if inAnyCase == nil { inAnyCase = match }
        }
        return inAnyCase
    }

    /// `character` lower-cased is `lowered` (ASCII without building a string).
    private static func sameIgnoringCase(_ character: Character, _ lowered: Character) -> Bool {
        if character == lowered { return true }
        if let ascii = character.asciiValue, let target = lowered.asciiValue {
            return (65...90).contains(ascii) && ascii + 32 == target
        }
        return character.lowercased() == String(lowered)
    }
}
