import Foundation

/// Writes one JSON object per line to stdout: snake_case keys, sorted.
struct JSONLineWriter {
    private let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    func write(_ value: some Encodable) {
        guard var data = try? encoder.encode(value) else { return }
        data.append(0x0A)
        FileHandle.standardOutput.write(data)
    }

    /// A line that keeps the output in step with the input when one input fails.
    func writeError(_ message: String) {
        write(["error": message])
    }

    /// The `--jsonl` loop: decodes each non-empty stdin line as `Input`, writes `transform`'s result, or an
    /// error line, so the output stays line for line with the input.
    func transformLines<Input: Decodable>(_: Input.Type, _ transform: (Input) throws -> any Encodable) {
        while let line = readLine(strippingNewline: true) {
            guard !line.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
            do {
                write(try transform(JSONDecoder().decode(Input.self, from: Data(line.utf8))))
            } catch {
                writeError("\(error)")
            }
        }
    }
}
