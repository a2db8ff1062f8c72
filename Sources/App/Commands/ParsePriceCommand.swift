import Foundation
import MantisCore
import Vapor

/// `mantis parse-price [--hint TEXT] [--decimal-separator C] [--country CC | --locale TAG] TEXT` and `--jsonl`:
/// how Mantis reads a price string. Prints `{amount, currency, currency_text}`. The country (or the locale's
/// region) settles shared symbols as a page's own evidence would; without one, a shared symbol takes English's
/// reading ("$" USD, "¥" JPY, "£" GBP) and "kr" stays unknown.
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
        let country: String?
        let locale: String?

        enum CodingKeys: String, CodingKey {
            case text, hint, country, locale
            case decimalSeparator = "decimal_separator"
        }
    }

    var help: String {
        """
        Show how Mantis reads a price string.
        Usage: mantis parse-price [--hint TEXT] [--decimal-separator C] [--country CC | --locale TAG] TEXT
               mantis parse-price --jsonl   (reads {"text", "hint", "decimal_separator", "country", "locale"} lines)
        """
    }

    func run(using context: inout CommandContext) async throws {
        let arguments = try CommandArguments(
            context.input.arguments, flags: ["jsonl"], options: ["hint", "decimal-separator", "country", "locale"])
        let writer = JSONLineWriter()
        if arguments.flags.contains("jsonl") {
            writer.transformLines(InputLine.self) {
                Self.parse($0.text, hint: $0.hint, separator: $0.decimalSeparator, country: Self.country($0.country, locale: $0.locale))
            }
            return
        }
        guard let text = arguments.positionals.first else { throw CommandFailure(description: "Give a price text, or --jsonl.") }
        let country = Self.country(arguments.options["country"], locale: arguments.options["locale"])
        writer.write(Self.parse(text, hint: arguments.options["hint"], separator: arguments.options["decimal-separator"], country: country))
    }

    /// An ISO 3166 country as given, or the region of a BCP 47 / ICU locale ("de-CH", "zh_Hant_TW").
    static func country(_ country: String?, locale: String?) -> String? {
        if let country, !country.isEmpty { return country }
        guard let locale, !locale.isEmpty else { return nil }
        return Locale(identifier: locale).region?.identifier
    }

    static func parse(_ text: String, hint: String?, separator: String?, country: String? = nil) -> Output {
        let result = PriceParser.parse(
            text, hint: hint, decimalSeparator: separator?.first, countryCode: country, englishFallback: true)
        return Output(amount: result.amount?.decimalString, currency: result.currency, currencyText: result.currencyText)
    }
}
