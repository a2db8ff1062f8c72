import Foundation
import MantisCore
import Vapor

/// `mantis extract [--url URL] FILE|URL` and `mantis extract --jsonl`: what Mantis reads from a page, to find
/// out why a store is read wrong. Prints `{title, price, currency, currency_text, availability, image, sources}`.
struct ExtractCommand: AnyAsyncCommand {
    struct Output: Encodable {
        let title: String?
        let price: String?
        let currency: String?
        let currencyText: String?
        let availability: String?
        let image: String?
        let sources: [String: String]
        /// Which evidence settled the ISO code ("json-ld", "region:TW", …), also in `sources`.
        let currencyEvidence: String?
        /// With `--candidates`: every price considered, best first.
        let candidates: [CandidateList.Entry]?
        let uncertain: Bool?

        init(_ page: ProductPage, candidates showCandidates: Bool = false) {
            title = page.title
            price = page.price?.decimalString
            currency = page.currency
            currencyText = page.currencyText
            availability = page.availability?.rawValue
            image = page.imageURL
            sources = page.sources
            currencyEvidence = page.sources["currency_evidence"]
            let list = showCandidates ? CandidateList(page) : nil
            candidates = list?.candidates
            uncertain = list?.uncertain
        }

        // Every key on every line, null when unknown (synthesized Encodable would leave nil keys out).
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(title, forKey: .title)
            try container.encode(price, forKey: .price)
            try container.encode(currency, forKey: .currency)
            try container.encode(currencyText, forKey: .currencyText)
            try container.encode(availability, forKey: .availability)
            try container.encode(image, forKey: .image)
            try container.encode(sources, forKey: .sources)
            try container.encode(currencyEvidence, forKey: .currencyEvidence)
            if let candidates {
                try container.encode(candidates, forKey: .candidates)
                try container.encode(uncertain, forKey: .uncertain)
            }
        }

        enum CodingKeys: String, CodingKey {
            case title, price, currency, currencyText, availability, image, sources, candidates, uncertain
            case currencyEvidence = "currency_evidence"
        }
    }

    struct InputLine: Decodable {
        let file: String
        let url: String?
    }

    var help: String {
        """
        Show what Mantis reads from a product page.
        Usage: mantis extract [--candidates] [--render] [--url URL] FILE|URL
               mantis extract [--candidates] --jsonl   (reads {"file": …, "url": …} lines on stdin, one JSON
                                                         result per line)
        --candidates  also print every price considered, with its source, locator and score
        --render      read the URL from headless Chromium after its scripts ran (as FETCH_RENDER does)
        """
    }

    func run(using context: inout CommandContext) async throws {
        let arguments = try CommandArguments(context.input.arguments, flags: ["jsonl", "candidates", "render"], options: ["url"])
        let extractor = ProductPageExtractor()
        let writer = JSONLineWriter()
        let showCandidates = arguments.flags.contains("candidates")
        if arguments.flags.contains("jsonl") {
            writer.transformLines(InputLine.self) { input in
                Output(
                    try extractor.extract(contentsOfFile: input.file, pageURL: input.url.flatMap(URL.init(string:)),
                        allCandidates: showCandidates),
                    candidates: showCandidates)
            }
            return
        }
        guard let source = arguments.positionals.first else { throw CommandFailure(description: "Give a file or a URL, or --jsonl.") }
        if source.hasPrefix("http://") || source.hasPrefix("https://") {
            let url: ProductURL
            do { url = try ProductURL(source) } catch { throw CommandFailure(description: "Not a usable URL: \(source)") }
            if arguments.flags.contains("render") {
                guard let renderer = context.application.mantis.renderer else {
                    throw CommandFailure(description: "Rendering is off: FETCH_RENDER=never, or no chromium found (CHROMIUM_PATH).")
                }
                do {
                    let rendered = try await renderer.render(url.url)
                    var page = extractor.extract(html: rendered.html, pageURL: rendered.finalURL, allCandidates: showCandidates)
                    page.sources["rendered"] = "chromium"
                    writer.write(Output(page, candidates: showCandidates))
                } catch let error as RenderError {
                    throw CommandFailure(description: error.reason)
                }
                return
            }
            do {
                let fetched = try await context.application.mantis.fetcher.fetch(url.url)
                writer.write(Output(
                    extractor.extract(html: fetched.html, pageURL: fetched.finalURL, allCandidates: showCandidates),
                    candidates: showCandidates))
            } catch {
                throw CommandFailure(description: error.reason)
            }
        } else {
            do {
                let page = try extractor.extract(
                    contentsOfFile: source, pageURL: arguments.options["url"].flatMap(URL.init(string:)),
                    allCandidates: showCandidates)
                writer.write(Output(page, candidates: showCandidates))
            } catch {
                throw CommandFailure(description: "Cannot read \(source): \(error)")
            }
        }
    }
}
