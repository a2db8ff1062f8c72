import Foundation
import MantisCore
import Vapor

/// `mantis parse-price [--hint TEXT] [--decimal-separator C] TEXT` and `--jsonl`: how Mantis reads a price
/// string. Prints `{amount, currency, currency_text}`.
struct ParsePriceCommand: AnyAsyncCommand {
    struct Output: Encodable {
        let amount: String?
        let currency: String?
        let currencyText: String?

        // Every key on every line, null when unknown.
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(amount, forKey: .amount)
            try container.encode(currency, forKey: .currency)
            try container.encode(currencyText, forKey: .currencyText)
        }

        enum CodingKeys: String, CodingKey {
            case amount, currency, currencyText
        }
    }

    struct InputLine: Decodable {
        let text: String
        let hint: String?
        let decimalSeparator: String?

        enum CodingKeys: String, CodingKey {
            case text, hint
            case decimalSeparator = "decimal_separator"
        }
    }

    var help: String {
        """
        Show how Mantis reads a price string.
        Usage: mantis parse-price [--hint TEXT] [--decimal-separator C] TEXT
               mantis parse-price --jsonl   (reads {"text", "hint", "decimal_separator"} lines on stdin)
        """
    }

    func run(using context: inout CommandContext) async throws {
        let arguments = try CommandArguments(context.input.arguments, flags: ["jsonl"], options: ["hint", "decimal-separator"])
        let writer = JSONLineWriter()
        if arguments.flags.contains("jsonl") {
            writer.transformLines(InputLine.self) { Self.parse($0.text, hint: $0.hint, separator: $0.decimalSeparator) }
            return
        }
        guard let text = arguments.positionals.first else { throw CommandFailure(description: "Give a price text, or --jsonl.") }
        writer.write(Self.parse(text, hint: arguments.options["hint"], separator: arguments.options["decimal-separator"]))
    }

    static func parse(_ text: String, hint: String?, separator: String?) -> Output {
        let result = PriceParser.parse(text, hint: hint, decimalSeparator: separator?.first)
        return Output(amount: result.amount?.decimalString, currency: result.currency, currencyText: result.currencyText)
    }
}
