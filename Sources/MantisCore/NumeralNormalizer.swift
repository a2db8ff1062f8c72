/// Rewrites a price text so the number reader sees ASCII: CLDR locales write amounts with the digits of their
/// own script (Arabic-Indic `١٢٣`, Persian `۱۲۳`, Devanagari `१२३`, Bengali, full-width `１２３`…) and with
/// separators of their own (Arabic `٫` decimal and `٬` thousands, the Arabic comma `،`, full-width `．` and
/// `，`), wrapped in bidi marks. One pass, one character out per character in (marks are dropped).
enum NumeralNormalizer {
    struct Output {
        var characters: [Character]
        /// The text wrote the cifrão as its decimal mark ("1 234$50"), as Cape Verde does for the escudo.
        var cifraoDecimal = false
    }

    /// Direction and zero-width marks: layout, not text.
    static let layoutMarks: Set<Unicode.Scalar> = [
        "\u{200B}", "\u{200C}", "\u{200D}", "\u{200E}", "\u{200F}", "\u{061C}", "\u{202A}", "\u{202B}", "\u{202C}",
        "\u{202D}", "\u{202E}", "\u{2066}", "\u{2067}", "\u{2068}", "\u{2069}", "\u{FEFF}",
    ]

    /// `decimalSeparator` becomes "." when the text uses the Arabic decimal separator, which says so for certain.
    static func normalize(_ text: String, decimalSeparator: inout Character?) -> Output {
        var output = Output(characters: [])
        output.characters.reserveCapacity(text.count)
        for character in text {
            // Most price texts are ASCII already.
            if character.isASCII {
                output.characters.append(character)
                continue
            }
            let scalars = character.unicodeScalars
            guard let scalar = scalars.first else { continue }
            if scalars.count == 1, layoutMarks.contains(scalar) { continue }
            if scalars.count == 1, scalar.properties.numericType == .decimal, let value = character.wholeNumberValue,
               (0...9).contains(value) {
                output.characters.append(Character(Unicode.Scalar(UInt8(ascii: "0") + UInt8(value))))
                continue
            }
            switch scalar {
            case "\u{066B}":  // ARABIC DECIMAL SEPARATOR
                output.characters.append(".")
                if decimalSeparator == nil { decimalSeparator = "." }
            // Arabic thousands separator, Arabic comma, full-width comma, reversed comma (Adlam).
            case "\u{066C}", "\u{060C}", "\u{FF0C}", "\u{2E41}":
                output.characters.append(",")
            case "\u{FF0E}":  // full-width full stop
                output.characters.append(".")
            default:
                output.characters.append(character)
            }
        }
        markCifrao(&output)
        markEthiopicGrouping(&output)
        return output
    }

    /// Ge'ez (gez_ER, gez_ET) groups thousands with "ወ" (U+12C8); between two digits it cannot be a word.
    private static func markEthiopicGrouping(_ output: inout Output) {
        let characters = output.characters
        guard characters.count > 2 else { return }
        for index in 1..<characters.count - 1
        where characters[index] == "\u{12C8}" && characters[index - 1].isASCIIDigit && characters[index + 1].isASCIIDigit {
            output.characters[index] = ","
        }
    }

    /// "1 234 567$89": a "$" between digits with exactly two digits after it is a decimal mark (the escudo's
    /// cifrão), not a dollar sign.
    private static func markCifrao(_ output: inout Output) {
        let characters = output.characters
        var index = 1
        while index + 2 < characters.count {
            if characters[index] == "$", characters[index - 1].isASCIIDigit, characters[index + 1].isASCIIDigit,
               characters[index + 2].isASCIIDigit, index + 3 == characters.count || !characters[index + 3].isASCIIDigit {
                output.characters[index] = "."
                output.cifraoDecimal = true
            }
            index += 1
        }
    }
}
