extension Character {
    /// "0"..."9" and nothing else: a digit with a combining mark attached is not a digit.
    var isASCIIDigit: Bool { isASCII && ("0"..."9").contains(self) }
}
