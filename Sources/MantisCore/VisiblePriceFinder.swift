import CLibXML2
import Foundation

/// The fallback for pages without usable structured data: finds prices in the text a visitor sees and prefers
/// the first plausible one after the product's title. Struck-through prices (`<s>`, `<del>`, line-through)
/// and prices inside related-product, navigation and footer blocks are dropped; "was", "RRP", per-unit,
/// shipping, instalment and coupon prices are marked down.
struct VisiblePriceFinder {
    struct Candidate {
        var amount: PriceAmount
        var currency: String?
        var currencyText: String?
        var score: Double
        /// Element position in document order.
        var position: Int
        var isOldStyled = false
        var isNewStyled = false
        /// The element whose text it is, and that text.
        var node: xmlNodePtr
        var text: String
    }

    /// An element's text (UTF-8 bytes) is only assembled while it stays this short: prices are short,
    /// paragraphs are not.
    private static let textLimit = 160
    /// Longest text read as one price.
    private static let candidateTextLimit = 120
    /// Enough for any product page; a page listing more prices than this is a catalogue.
    private static let maximumCandidates = 400

    private static let skippedElements: Set<String> = [
        // Not "head": libxml2 leaves body content there when a page puts body elements in its head.
        "script", "style", "noscript", "template", "svg", "iframe", "title", "select", "option", "textarea",
        "button", "input", "footer", "nav", "aside",
    ]
    private static let struckElements: Set<String> = ["s", "del", "strike"]
    /// Class/id words (or word starts) of blocks about other products or about the site, not this product.
    private static let otherContentPrefixes = [
        "related", "recommend", "similar", "upsell", "crosssell", "carousel", "slider", "swiper", "viewed",
        "recent", "accessor", "sponsor", "p13n", "minicart", "footer", "navbar", "megamenu", "breadcrumb",
        "cookie", "newsletter", "also", "otherproduct", "morefrom", "bestseller", "topseller", "sidebar",
    ]
    private static let otherContentWords: Set<String> = ["tile", "tiles", "thumb", "teaser", "teasers", "menu", "nav"]
    private static let struckWords: Set<String> = ["strike", "strikethrough", "linethrough", "crossed", "crossout"]
    private static let oldWords: Set<String> = [
        "old", "was", "regular", "listprice", "compare", "rrp", "msrp", "uvp", "before", "original",
        "previous", "prev", "instead", "reference", "retail", "strikeprice", "oldprice", "wasprice",
    ]
    /// Words of the price that replaced an old one; only beside these does an "old" class mean a former price.
    private static let newWords: Set<String> = [
        "new", "special", "sale", "now", "current", "final", "reduced", "promo",
    ]
    private static let priceWords: Set<String> = [
        "price", "prices", "preis", "prix", "prezzo", "precio", "preco", "cena", "cijena", "hinta", "pris", "fiyat",
        "amount", "sale", "special", "offer", "current", "final", "now", "actual", "our", "selling", "pricing",
    ]
    /// Label words that put a price aside: a former price, a saving, a part payment, a unit or delivery price.
    private static let asidePhrases = [
        "was ", "rrp", "uvp", "statt", "instead", "list price", "regular", "msrp", "compare at", "original",
        "before", "vorher", "prima era", "antes", "avant", "save", "saving", "spar ", "économ", "risparmi",
        "ahorr", "shipping", "delivery", "versand", "livraison", "spedizione", "envío", "envio", "postage",
        "frete", "doprava", "dostawa", "доставк", "per month", "/month", "/mo", "monthly", "installment",
        "instalment", "cuotas", "x de ", "每期", "分期", "coupon", "cashback", "bonus", "points", "punti", "reward",
        "/kg", "/ kg", "per kg", "/100", "/l ", "pro kg", "grundpreis", "unit price", "prix au", "/ea", "deposit",
        "pfand", "gift", "credit", "balance", "total:", "subtotal", "на сумму", "итого", "free over",
        "over ", "min.", "minimum", "spend", "原價", "原价", "定價", "建議售價", "市價", "省", "折扣",
        // Former prices as shops label them in French, Spanish, Portuguese ("De R$ 199 por R$ 149"), German,
        // Italian, Dutch and English ("Was:", "Reg. $99", "Typical price").
        "was:", "reg.", "reg:", "typical price", "au lieu de", "ancien prix", "prix barré", "prix de référence",
        "prix conseillé", "precio anterior", "precio original", "precio de lista", "de r$", "de: r$", "de:",
        "preço original", "unverbindlich", "empf.", "prezzo consigliato", "prezzo di listino", "adviesprijs",
        "van:", "oude prijs",
        // The EU Omnibus directive's "lowest price in the last 30 days" beside a reduced price.
        "lowest price", "niedrigster", "prix le plus bas", "prezzo più basso", "precio más bajo", "najniższa",
        "laagste prijs", "30 tage", "30 days", "30 jours", "30 giorni", "30 días",
        // Auctions: the house's estimate and the buyer's premium are not the bid.
        "estimate", "schätz", "estimation", "stima", "estimación", "richtpreis", "buyer's premium",
        "buyers premium", "buyer’s premium", "aufgeld", "frais acheteur", "commissione", "p&p",
    ]
    /// Labels of the price to pay now: a reduced price ("Now", "Ahora", "por R$"), an auction's current or
    /// opening bid, a classified's asking price. The current bid comes first: it is what the lot costs now.
    private static let currentPhrases: [(phrase: String, bonus: Double)] = [
        ("current bid", 0.2), ("aktuelles gebot", 0.2), ("enchère actuelle", 0.2), ("offerta attuale", 0.2),
        ("puja actual", 0.2), ("huidig bod", 0.2), ("high bid", 0.2), ("highest bid", 0.2), ("winning bid", 0.2),
        ("starting bid", 0.12), ("opening bid", 0.12), ("startpreis", 0.12), ("mise à prix", 0.12),
        ("prezzo di partenza", 0.12), ("startbod", 0.12), ("asking price", 0.12),
        // "Buy It Now" beside a bid is the fixed-price alternative: no bonus, and not read as "now".
        ("buy it now", 0), ("sofort-kaufen", 0), ("achat immédiat", 0), ("compralo subito", 0), ("now ", 0.1), ("now:", 0.1),
        ("jetzt", 0.1), ("ahora", 0.1), ("por r$", 0.1), ("sale price", 0.1), ("prix promo", 0.1),
        ("special price", 0.1), ("our price", 0.05),
    ]
    /// Between two prices, these make the second the top of a range ("$1,000 – $1,500"), never the price.
    private static let rangeMarks: Set<String> = ["-", "–", "—", "to", "bis", "à", "a", "até", "tot", "~"]

    private var candidates: [Candidate] = []
    private var position = 0
    private var anchorPosition: Int?
    private let anchorTitle: String?

    /// - Parameter title: the product title found elsewhere, to find where the product starts on the page.
    static func candidates(in document: HTMLDocument, title: String?) -> [Candidate] {
        guard let root = document.root else { return [] }
        var finder = VisiblePriceFinder(anchorTitle: title.map { HTMLText.collapseWhitespace($0).lowercased() })
        var context = Context()
        _ = finder.walk(root.pointer, context: &context)
        return finder.ranked()
    }

    private init(anchorTitle: String?) {
        self.anchorTitle = anchorTitle
    }

    private struct Context {
        var struck = false
        var otherContent = false
        /// Depth of the nearest element whose class says "old", "new", "price" (-1000: none).
        var oldDepth = -1000
        var newDepth = -1000
        var priceDepth = -1000
        var depth = 0
    }

    /// Text and whether a candidate was taken inside, returned bottom-up.
    private struct Walked {
        /// UTF-8 with whitespace runs collapsed; nil once too long.
        var text: [UInt8]?
        var hasCandidate: Bool
    }

    private mutating func walk(_ node: xmlNodePtr, context: inout Context) -> Walked {
        position += 1
        let kind = elementKind(node)
        // Beyond a few hundred levels a page is broken or hostile; its depths hold no price worth the stack.
        if kind == .skipped || context.depth >= HTMLNode.maximumDepth { return Walked(text: [], hasCandidate: false) }
        var local = context
        local.depth += 1
        if kind == .struck { local.struck = true }
        var flags = ClassFlags()
        var attribute = node.pointee.properties
        while let current = attribute {
            let name = current.pointee.name
            if xmlStrEqual(name, Self.classAttribute.utf8Start) != 0
                || xmlStrEqual(name, Self.idAttribute.utf8Start) != 0
            {
                flags.formUnion(classFlags(Self.value(of: current)))
            } else if xmlStrEqual(name, Self.styleAttribute.utf8Start) != 0 {
                let style = Self.value(of: current).lowercased()
                if style.contains("line-through") { local.struck = true }
                if style.contains("display:none") || style.contains("display: none") {
                    return Walked(text: [], hasCandidate: false)
                }
            } else if xmlStrEqual(name, Self.hiddenAttribute.utf8Start) != 0 {
                return Walked(text: [], hasCandidate: false)
            }
            attribute = current.pointee.next
        }
        if flags.contains(.struck) { local.struck = true }
        if flags.contains(.old) { local.oldDepth = local.depth }
        if flags.contains(.new) { local.newDepth = local.depth }
        if flags.contains(.price) { local.priceDepth = local.depth }
        if flags.contains(.otherContent) { local.otherContent = true }
        considerAnchor(node, kind: kind, titled: flags.contains(.title), context: local)

        var text: [UInt8]? = []
        var hasCandidate = false
        var child = node.pointee.children
        while let current = child {
            switch current.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                // Once the text is too long to be a price, stop copying it; a kilobyte of text never is one.
                if text != nil, let content = current.pointee.content {
                    text =
                        xmlStrlen(content) > 1024
                        ? nil : append(UnsafeBufferPointer(start: content, count: Int(xmlStrlen(content))), to: text)
                }
            case XML_ELEMENT_NODE:
                let walked = walk(current, context: &local)
                hasCandidate = hasCandidate || walked.hasCandidate
                text = walked.text.flatMap { piece in piece.withUnsafeBufferPointer { append($0, to: text) } } ?? nil
            default:
                break
            }
            child = current.pointee.next
        }
        if !hasCandidate, let text, text.count <= Self.candidateTextLimit,
            text.contains(where: { $0 >= 0x30 && $0 <= 0x39 }),
            consider(String(decoding: text, as: UTF8.self), context: local, labelFrom: node)
        {
            hasCandidate = true
        }
        return Walked(text: text, hasCandidate: hasCandidate)
    }

    /// Appends with ASCII whitespace runs collapsed, as a browser renders them; nil once past the limit.
    /// Works on bytes: Unicode property lookups per character cost more than the whole parse.
    private func append(_ piece: UnsafeBufferPointer<UInt8>, to text: [UInt8]?) -> [UInt8]? {
        guard var text else { return nil }
        for byte in piece {
            if byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D || byte == 0x0C {
                if let last = text.last, last != 0x20 { text.append(0x20) }
            } else {
                text.append(byte)
            }
            if text.count > Self.textLimit { return nil }
        }
        return text
    }

    /// Takes the element's text as a candidate when it reads as one price with a currency.
    private mutating func consider(_ raw: String, context: Context, labelFrom node: xmlNodePtr) -> Bool {
        let text = HTMLText.collapseWhitespace(raw)
        var parsed = PriceParser.parse(text)
        guard parsed.amount != nil, parsed.currencyText != nil else { return false }
        let turned = Self.priceAfterTurn(in: text)
        if let turned { parsed = turned }
        guard let amount = parsed.amount else { return false }
        // Taken either way, so an enclosing element does not read the same price again.
        guard !context.struck, !context.otherContent, amount.decimal > 0 else { return true }
        var score = 0.5
        if context.depth - context.priceDepth <= 3 { score += 0.1 }
        let preceding = precedingText(node)
        let label = (text + " " + preceding.text).lowercased()
        if turned != nil {
            score += 0.1
        } else if Self.asidePhrases.contains(where: { label.contains($0) }) || preceding.isRangeEnd {
            score -= 0.3
        } else if let bonus = Self.currentPhrases.first(where: { label.contains($0.phrase) })?.bonus {
            score += bonus
        }
        // A number with a long label around it is a sentence that mentions a price.
        let letters = text.filter(\.isLetter).count - (parsed.currencyText?.count ?? 0)
        if letters > 12 { score -= 0.15 }
        if candidates.count < Self.maximumCandidates {
            candidates.append(
                Candidate(
                    amount: amount, currency: parsed.currency, currencyText: parsed.currencyText, score: score,
                    position: position, isOldStyled: context.depth - context.oldDepth <= 3,
                    isNewStyled: context.depth - context.newDepth <= 3, node: node, text: text))
        }
        return true
    }

    /// Words that open the former price in a text holding both prices, and the words that turn to the price now:
    /// "Was $40 now $30", "Statt 49,99 € nur 39,99 €", "Au lieu de 59 € seulement 49 €", "Antes 50 € ahora 40 €",
    /// "De R$ 199,90 por R$ 149,90".
    private static let formerOpeners = [
        "was", "statt", "au lieu de", "antes", "de r$", "de:", "rrp", "uvp", "list price", "regular", "reg.",
        "original", "instead of", "vorher", "prima",
    ]
    private static let turnWords = [
        "now", "nur", "por", "ahora", "jetzt", "maintenant", "seulement", "only", "adesso", "ora", "voor", "sale",
    ]

    /// The price after the last turning word, when the text opens with a former price; nil otherwise.
    private static func priceAfterTurn(in text: String) -> PriceParser.Result? {
        // Cheap gate first (this runs for every short text with a digit): two numbers with words between.
        var numberGroups = 0
        var groupHasDigit = false
        for byte in text.utf8 {
            let isWordByte = (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte >= 0x80
            if isWordByte {
                if groupHasDigit { numberGroups += 1 }
                groupHasDigit = false
            } else if byte >= 0x30 && byte <= 0x39 {
                groupHasDigit = true
            }
        }
        if groupHasDigit { numberGroups += 1 }
        guard numberGroups >= 2 else { return nil }
        let lowered = text.lowercased()
        guard let opener = formerOpeners.compactMap({ lowered.range(of: $0) }).min(by: { $0.lowerBound < $1.lowerBound })
        else { return nil }
        let openerOffset = lowered.distance(from: lowered.startIndex, to: opener.upperBound)
        var best: (offset: Int, result: PriceParser.Result)?
        for word in turnWords {
            guard let range = text.range(of: word, options: [.caseInsensitive, .backwards]) else { continue }
            // A whole word: "now" in "known" or "ora" in "decorado" turns nothing.
            if range.lowerBound > text.startIndex, text[text.index(before: range.lowerBound)].isLetter { continue }
            if range.upperBound < text.endIndex, text[range.upperBound].isLetter { continue }
            let offset = text.distance(from: text.startIndex, to: range.lowerBound)
            guard offset > openerOffset, offset > (best?.offset ?? -1) else { continue }
            let rest = PriceParser.parse(String(text[range.upperBound...]))
            if rest.amount != nil, rest.currencyText != nil { best = (offset, rest) }
        }
        return best?.result
    }

    /// The text just before the element (a "Was:" label in a sibling), at most a short phrase. When the element
    /// has no such sibling, its parent's are tried, twice: labels sit beside the price's wrapper as often as
    /// beside the price ("<dt>Estimate</dt><dd><span>$1,000</span></dd>").
    private func precedingText(_ node: xmlNodePtr) -> (text: String, isRangeEnd: Bool) {
        var element = node
        for _ in 0..<3 {
            var sibling = element.pointee.prev
            var steps = 0
            while let current = sibling, steps < 3 {
                var text = ""
                if current.pointee.type == XML_TEXT_NODE, let content = current.pointee.content {
                    text = String(cString: content)
                } else if current.pointee.type == XML_ELEMENT_NODE {
                    text = HTMLNode.shortText(current, limit: 40) ?? ""
                }
                // Another price beside this one is not its label; a dash between them makes a range.
                if text.contains(where: \.isASCIIDigit) { return ("", false) }
                if text.contains(where: { !$0.isWhitespace }) {
                    let mark = text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
                    if Self.rangeMarks.contains(mark), let before = current.pointee.prev,
                        before.pointee.type == XML_ELEMENT_NODE,
                        (HTMLNode.shortText(before, limit: 40) ?? "").contains(where: \.isASCIIDigit)
                    {
                        return ("", true)
                    }
                    return (String(text.suffix(40)), false)
                }
                sibling = current.pointee.prev
                steps += 1
            }
            guard let parent = element.pointee.parent, parent.pointee.type == XML_ELEMENT_NODE else { break }
            element = parent
        }
        return ("", false)
    }

    /// How well an element marks where the product starts: 3 an `<h1>` with the product's title, 2 another
    /// heading or title-classed element with it, 1 the first `<h1>` at all.
    private mutating func considerAnchor(_ node: xmlNodePtr, kind: ElementKind, titled: Bool, context: Context) {
        let isH1 = kind == .h1
        let isHeading = isH1 || kind == .heading || titled
        guard isHeading, !context.otherContent, anchorQuality < 3 else { return }
        guard let text = HTMLNode.shortText(node, limit: 400), text.contains(where: { !$0.isWhitespace }) else {
            return
        }
        let quality = matchesTitle(text) ? (isH1 ? 3 : 2) : (isH1 ? 1 : 0)
        if quality > anchorQuality {
            anchorQuality = quality
            anchorPosition = position
        }
    }

    private var anchorQuality = 0

    private func matchesTitle(_ text: String) -> Bool {
        guard let anchorTitle else { return false }
        let heading = HTMLText.collapseWhitespace(text).lowercased()
        // Short texts ("Home", a brand) are inside many titles without naming the product.
        guard heading.count >= max(6, anchorTitle.count * 3 / 10) else { return false }
        return anchorTitle.contains(heading) || heading.contains(anchorTitle)
    }

    /// Candidates after the title come first, nearest first; those before it count for less.
    private func ranked() -> [Candidate] {
        var result = candidates
        let anchor = anchorPosition ?? 0
        var afterRank = 0
        var beforeRank = 0
        for index in result.indices where result[index].position >= anchor {
            // Order after the title counts, and so does distance: the buy box sits right below the title.
            let distance = Double(result[index].position - anchor)
            result[index].score += 0.15 * pow(0.7, Double(afterRank)) + 0.15 * exp(-distance / 400)
            afterRank += 1
        }
        for index in result.indices.reversed() where result[index].position < anchor {
            result[index].score += 0.1 * pow(0.7, Double(beforeRank)) - 0.1
            beforeRank += 1
        }
        // An "old" class means a former price only when a "new"/"special" price stands close by.
        for index in result.indices where result[index].isOldStyled {
            let position = result[index].position
            if result.contains(where: { $0.isNewStyled && !$0.isOldStyled && abs($0.position - position) < 25 }) {
                result[index].score -= 0.35
            }
        }
        // The product's price is often shown twice (summary and buy box); other prices rarely repeat.
        var counts: [PriceAmount: Int] = [:]
        for candidate in result { counts[candidate.amount, default: 0] += 1 }
        for index in result.indices where counts[result[index].amount, default: 0] > 1 {
            result[index].score += 0.05
        }
        return result
    }

    private enum ElementKind {
        case skipped, struck, h1, heading, other
    }

    /// libxml2 interns element names, so the kind is looked up by the name's address.
    private var kindByName: [UnsafePointer<xmlChar>: ElementKind] = [:]

    private mutating func elementKind(_ node: xmlNodePtr) -> ElementKind {
        guard let pointer = node.pointee.name else { return .other }
        if let kind = kindByName[pointer] { return kind }
        let name = String(cString: pointer)
        let kind: ElementKind =
            if Self.skippedElements.contains(name) { .skipped } else if Self.struckElements.contains(name) {
                .struck
            } else if name == "h1" { .h1 } else if name == "h2" || name == "h3" { .heading } else { .other }
        if kindByName.count < 4096 { kindByName[pointer] = kind }
        return kind
    }

    private static let classAttribute: StaticString = "class"
    private static let idAttribute: StaticString = "id"
    private static let styleAttribute: StaticString = "style"
    private static let hiddenAttribute: StaticString = "hidden"

    private static func value(of attribute: xmlAttrPtr) -> String {
        var value = ""
        var child = attribute.pointee.children
        while let text = child {
            if let content = text.pointee.content { value += String(cString: content) }
            child = text.pointee.next
        }
        return value
    }

    /// What a class or id value says about its element, from its words. Shops repeat the same class values
    /// thousands of times, so each distinct value is read once per page.
    private struct ClassFlags: OptionSet {
        let rawValue: UInt8
        static let struck = ClassFlags(rawValue: 1)
        static let old = ClassFlags(rawValue: 2)
        static let new = ClassFlags(rawValue: 4)
        static let price = ClassFlags(rawValue: 8)
        static let otherContent = ClassFlags(rawValue: 16)
        static let title = ClassFlags(rawValue: 32)
    }

    private var classFlagCache: [String: ClassFlags] = [:]

    private mutating func classFlags(_ value: String) -> ClassFlags {
        if let cached = classFlagCache[value] { return cached }
        var flags = ClassFlags()
        // "price--line-through" (Shopware 5) and "line-through" utility classes strike as the style does.
        if value.lowercased().contains("line-through") { flags.insert(.struck) }
        for token in Self.words(value) {
            if Self.struckWords.contains(token) { flags.insert(.struck) }
            if Self.oldWords.contains(token) { flags.insert(.old) }
            if Self.newWords.contains(token) { flags.insert(.new) }
            if Self.priceWords.contains(token) { flags.insert(.price) }
            if Self.otherContentWords.contains(token)
                || Self.otherContentPrefixes.contains(where: { token.hasPrefix($0) })
            {
                flags.insert(.otherContent)
            }
            if token.hasPrefix("title") || token == "name" || token.hasPrefix("heading") { flags.insert(.title) }
        }
        if classFlagCache.count < 20_000 { classFlagCache[value] = flags }
        return flags
    }

    /// Lowercase words of a class value, split at punctuation and camelCase: "oldPrice price_box" → old, price, box.
    private static func words(_ value: String) -> [String] {
        var words: [String] = []
        var current: [UInt8] = []
        var previousWasLower = false
        for byte in value.utf8 {
            let isUpper = byte >= 0x41 && byte <= 0x5A
            let isLower = byte >= 0x61 && byte <= 0x7A
            if isUpper || isLower || (byte >= 0x30 && byte <= 0x39) || byte >= 0x80 {
                if isUpper, previousWasLower, !current.isEmpty {
                    words.append(String(decoding: current, as: UTF8.self))
                    current.removeAll(keepingCapacity: true)
                }
                current.append(isUpper ? byte + 0x20 : byte)
                previousWasLower = isLower
            } else {
                if !current.isEmpty { words.append(String(decoding: current, as: UTF8.self)) }
                current.removeAll(keepingCapacity: true)
                previousWasLower = false
            }
        }
        if !current.isEmpty { words.append(String(decoding: current, as: UTF8.self)) }
        return words
    }
}
