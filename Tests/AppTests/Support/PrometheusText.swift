import Foundation

/// A strict reader of Prometheus's text exposition format (0.0.4), enough to check what `/metrics` serves:
/// every line a `# HELP`, a `# TYPE` or a sample of a family typed before it; names and label names valid;
/// label values quoted with only `\\`, `\"` and `\n` escaped; values floats; histograms with ascending `le`,
/// cumulative counts, a `+Inf` bucket equal to `_count`, and a `_sum`.
struct PrometheusText {
    struct Sample: Equatable {
        let name: String
        let labels: [String: String]
        let value: Double
    }

    struct Malformed: Error, CustomStringConvertible {
        let line: String
        let why: String
        var description: String { "\(why): \(line)" }
    }

    private(set) var types: [String: String] = [:]
    private(set) var samples: [Sample] = []

    init(_ text: String) throws {
        var seenFamilies: Set<String> = []
        guard text.isEmpty || text.hasSuffix("\n") else { throw Malformed(line: "", why: "no final line break") }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init) {
            if line.hasPrefix("# HELP ") || line.hasPrefix("# TYPE ") {
                let parts = line.split(separator: " ", maxSplits: 3).map(String.init)
                guard parts.count >= 3, Self.isMetricName(parts[2]) else { throw Malformed(line: line, why: "bad comment") }
                if parts[1] == "TYPE" {
                    guard parts.count == 4, ["counter", "gauge", "histogram", "summary", "untyped"].contains(parts[3]),
                          types[parts[2]] == nil, !seenFamilies.contains(parts[2])
                    else { throw Malformed(line: line, why: "bad or repeated TYPE") }
                    types[parts[2]] = parts[3]
                }
                continue
            }
            guard !line.hasPrefix("#"), !line.isEmpty else { throw Malformed(line: line, why: "unexpected line") }
            let sample = try Self.sample(line)
            guard let family = family(of: sample.name) else { throw Malformed(line: line, why: "sample before its TYPE") }
            seenFamilies.insert(family)
            samples.append(sample)
        }
        try checkHistograms()
    }

    /// The value of the one sample with this name and exactly these labels.
    func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        samples.first { $0.name == name && $0.labels == labels }?.value
    }

    func samples(named name: String) -> [Sample] { samples.filter { $0.name == name } }

    private func family(of name: String) -> String? {
        if types[name] != nil { return name }
        for suffix in ["_bucket", "_sum", "_count"] where name.hasSuffix(suffix) {
            let base = String(name.dropLast(suffix.count))
            if types[base] == "histogram" || types[base] == "summary" { return base }
        }
        return nil
    }

    private func checkHistograms() throws {
        for (name, type) in types where type == "histogram" {
            var series: [[String: String]: [(le: Double, count: Double)]] = [:]
            for sample in samples(named: name + "_bucket") {
                guard let le = sample.labels["le"], let bound = Double(le == "+Inf" ? "inf" : le) else {
                    throw Malformed(line: "\(sample)", why: "bucket without a valid le")
                }
                var labels = sample.labels
                labels["le"] = nil
                series[labels, default: []].append((bound, sample.value))
            }
            for (labels, buckets) in series {
                let where_ = "\(name)\(labels)"
                guard buckets.map(\.le) == buckets.map(\.le).sorted(), buckets.last?.le == .infinity else {
                    throw Malformed(line: where_, why: "buckets not ascending or no +Inf")
                }
                guard buckets.map(\.count) == buckets.map(\.count).sorted() else { throw Malformed(line: where_, why: "buckets not cumulative") }
                guard value(name + "_count", labels) == buckets.last?.count, value(name + "_sum", labels) != nil else {
                    throw Malformed(line: where_, why: "_count differs from the +Inf bucket, or no _sum")
                }
            }
        }
    }

    private static func sample(_ line: String) throws -> Sample {
        var rest = Substring(line)
        let name = String(rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == ":" })
        guard isMetricName(name) else { throw Malformed(line: line, why: "bad metric name") }
        rest = rest.dropFirst(name.count)
        var labels: [String: String] = [:]
        if rest.first == "{" {
            rest = rest.dropFirst()
            while rest.first != "}" {
                let labelName = String(rest.prefix { $0 != "=" })
                guard isLabelName(labelName), labels[labelName] == nil else { throw Malformed(line: line, why: "bad label name") }
                rest = rest.dropFirst(labelName.count)
                guard rest.hasPrefix("=\"") else { throw Malformed(line: line, why: "label value not quoted") }
                rest = rest.dropFirst(2)
                var value = ""
                while true {
                    guard let character = rest.first else { throw Malformed(line: line, why: "unterminated label value") }
                    rest = rest.dropFirst()
                    if character == "\"" { break }
                    if character == "\\" {
                        switch rest.first {
                        case "\\": value.append("\\")
                        case "\"": value.append("\"")
                        case "n": value.append("\n")
                        default: throw Malformed(line: line, why: "bad escape")
                        }
                        rest = rest.dropFirst()
                    } else {
                        value.append(character)
                    }
                }
                labels[labelName] = value
                if rest.first == "," { rest = rest.dropFirst() } else if rest.first != "}" {
                    throw Malformed(line: line, why: "labels not separated by commas")
                }
            }
            rest = rest.dropFirst()
        }
        guard rest.first == " " else { throw Malformed(line: line, why: "no space before the value") }
        let fields = rest.dropFirst().split(separator: " ")
        // A value, and optionally a timestamp in milliseconds.
        guard (1...2).contains(fields.count), let value = parseValue(String(fields[0])),
              fields.count == 1 || Int64(fields[1]) != nil
        else { throw Malformed(line: line, why: "bad value") }
        return Sample(name: name, labels: labels, value: value)
    }

    private static func parseValue(_ text: String) -> Double? {
        switch text.lowercased() {
        case "nan": .nan
        case "+inf", "inf": .infinity
        case "-inf": -.infinity
        default: Double(text)
        }
    }

    static func isMetricName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard let first = bytes.first, !(0x30...0x39).contains(first) else { return false }
        return bytes.allSatisfy {
            (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) || $0 == 0x5F || $0 == 0x3A
        }
    }

    static func isLabelName(_ name: String) -> Bool {
        isMetricName(name) && !name.contains(":")
    }
}
