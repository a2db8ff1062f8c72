extension String {
    func trimmingSuffix(_ suffix: String) -> String {
        var result = self
        while !suffix.isEmpty, result.hasSuffix(suffix) { result.removeLast(suffix.count) }
        return result
    }
}
