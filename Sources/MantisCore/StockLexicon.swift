/// The words shops use for stock states, by language, each with the published source it comes from.
///
/// Entries are written as shops show them; `StockPhraseMatcher` folds case, accents and letter width, so
/// "AUSVERKAUFT", "ausverkauft" and "Ausverkauft" are one entry. `#` stands for a number in any digit
/// system ("only # left" reads "Only 2 left", "only ２ left"; "only 0 left" is out of stock).
///
/// Sources, cited per language below:
/// - GMC: Google Merchant Center's help page for the `availability` attribute in that language
///   (support.google.com/merchants/answer/6324448?hl=…), which names in stock, out of stock, preorder
///   and backorder in the shopper's words.
/// - Dawn: Shopify's reference theme, `locales/<code>.json` (`products.product.add_to_cart`, `sold_out`,
///   `unavailable`, `inventory_in_stock`, `inventory_low_stock_show_count`, `inventory_out_of_stock`).
/// - WooCommerce, PrestaShop, Magento, Shopware: their storefront translations of "In stock",
///   "Out of stock", "Available on backorder", "Only %s left in stock", "Last items in stock", "Add to cart".
/// - Marketplaces' own button and badge wording where a market is led by one (Amazon, Allegro, eMAG,
///   Mercado Libre, Flipkart, Rakuten, Taobao/Tmall, Coupang, Trendyol, Ozon/Wildberries).
/// CLDR has no stock wording and is not a source. Values quoted in a `source` were read in that file or page;
/// the other entries follow the same platforms' storefront wording and are worth checking against them when
/// a language is edited.
enum StockLexicon {
    struct Language: Sendable {
        /// BCP 47.
        var code: String
        var source: String
        /// Phrases that say the product can be bought now, wherever they stand in the text.
        var inStock: [String] = []
        /// Phrases that say it cannot.
        var outOfStock: [String] = []
        /// "Coming soon", "verfügbar ab 12.05.": not now, so out of stock, but a pre-order beside them stands.
        var comingLater: [String] = []
        /// Pre-order, back-order, made to order: orders are taken, so in stock even beside "out of stock".
        var orderable: [String] = []
        /// Store pickup (Dawn's "Pickup currently unavailable at …"): out-of-stock wording beside it is about
        /// a store, not the online offer, and is not taken.
        var otherChannels: [String] = []
        /// Words that are a verdict only as the whole label ("Disponible" yes, "Disponible en 3 coloris"
        /// no), or when negated ("No disponible").
        var inStockLabels: [String] = []
        var outOfStockLabels: [String] = []
        /// Words that turn the phrase after them into its opposite ("not", "nicht", "нет").
        var negations: [String] = []
        /// Words that do so from after the phrase ("stokta yok", "उपलब्ध नहीं", "pre-order closed").
        var postNegations: [String] = []
        /// Words that may stand between a negation and the phrase ("not currently", "n'est plus").
        var fillers: [String] = []
        /// What a label may start with before its verdict ("Availability: Available").
        var labelPrefixes: [String] = []
        /// Units that make the number before them a duration or a price, not a count ("nur noch 2 Tage").
        var nonCountUnits: [String] = []
    }

    static let languages: [Language] = european + americas + eastern + asian + others

    // MARK: European Union (24 official languages)

    static let european: [Language] = [
        Language(
            code: "en",
            source: "GMC en; Dawn en.default.json; WooCommerce, Magento, PrestaShop en_US; schema.org ItemAvailability",
            inStock: [
                "in stock", "instock", "in-stock online", "available now", "available to buy", "available for delivery",
                "available online", "ready to ship", "ships today", "add to cart", "add to basket", "add to bag",
                "add to trolley", "buy now", "buy it now", "low stock", "limited stock", "limited availability",
                "few left", "only a few left", "last few", "last one", "last item", "last items", "last items in stock",
                "almost sold out", "selling fast", "only # left", "only # left in stock", "# left in stock", "# left",
                "just # left", "# in stock", "only # in stock", "# available", "only # available", "# remaining",
                "only # remaining", "online only",
            ],
            outOfStock: [
                "out of stock", "out-of-stock", "sold out", "soldout", "unavailable", "currently unavailable",
                "temporarily unavailable", "temporarily out of stock", "no longer available", "discontinued",
                "no stock", "notify me", "email me when available",
                "email when available", "join the waitlist", "join waitlist", "out of print", "in-store only",
                "in store only", "available in store only", "no longer sold", "not in stock", "not available",
            ],
            comingLater: [
                "coming soon", "available soon", "back soon", "back in stock soon", "in stock soon", "restocking soon",
                "expected in stock", "expected back in stock", "due in stock",
            ],
            orderable: [
                "pre-order", "preorder", "pre order", "available for pre-order", "pre-order now", "backorder",
                "back-order", "back order", "backordered", "on backorder", "available on backorder",
                "available for backorder", "made to order", "build to order", "on display to order",
                "available to order", "we'll deliver when available", "we will deliver when available",
            ],
            otherChannels: ["pickup", "pick up", "pick-up", "in-store pickup", "collection in store"],
            inStockLabels: ["available"],
            negations: ["not", "no", "never", "isn't", "isnt"],
            postNegations: ["closed", "ended"],
            fillers: [
                "currently", "longer", "more", "yet", "is", "are", "temporarily", "presently", "at", "the", "moment",
            ],
            labelPrefixes: [
                "availability", "availability status", "stock", "stock status", "status", "in stock status",
            ],
            nonCountUnits: [
                "day", "days", "hour", "hours", "hrs", "minutes", "mins", "week", "weeks", "months", "years",
            ]),
        Language(
            code: "de",
            source:
                "GMC de (Auf Lager, Nicht auf Lager, Vorbestellbar, Nachbestellt); Dawn de.json; WooCommerce, Shopware",
            inStock: [
                "auf lager", "an lager", "vorrätig", "sofort lieferbar", "sofort verfügbar", "lieferbar",
                "sofort versandfertig",
                "ab lager", "ab lager lieferbar", "lieferbar ab lager", "in den warenkorb", "in den einkaufswagen",
                "jetzt kaufen", "kaufen", "niedriger lagerbestand",
                "geringer lagerbestand", "begrenzter lagerbestand", "wenige auf lager", "nur noch wenige",
                "fast ausverkauft",
                "letzte artikel", "nur noch #", "nur noch # auf lager", "nur noch # verfügbar", "nur noch # vorrätig",
                "nur noch # stück", "noch # stück", "# auf lager", "# vorrätig", "# verfügbar", "# verbleibend",
                "# stück auf lager", "# stück verfügbar",
            ],
            outOfStock: [
                "ausverkauft", "nicht auf lager", "nicht vorrätig", "nicht verfügbar", "nicht lieferbar",
                "nicht mehr lieferbar", "nicht mehr verfügbar", "nicht mehr erhältlich", "derzeit nicht verfügbar",
                "vergriffen", "zurzeit vergriffen", "benachrichtigen", "benachrichtigung", "e-mail wenn verfügbar",
                "nicht mehr im sortiment", "ausgelaufen", "nur im markt", "nur im laden", "nur in der filiale",
            ],
            comingLater: [
                "bald verfügbar", "demnächst verfügbar", "bald wieder verfügbar", "verfügbar ab", "lieferbar ab",
                "erhältlich ab", "ab # verfügbar",
            ],
            orderable: [
                "vorbestellbar", "vorbestellen", "jetzt vorbestellen", "vorbestellung", "vorverkauf", "nachbestellt",
                "nachbestellbar", "auf nachbestellung", "lieferbar auf nachbestellung", "im rückstand",
                "auf bestellung",
                "bestellbar", "wird für sie bestellt", "wird gefertigt",
            ],
            otherChannels: ["abholung", "abholen im markt"],
            inStockLabels: ["verfügbar", "erhältlich"],
            negations: ["nicht", "kein", "keine", "nie"],
            fillers: ["mehr", "derzeit", "zurzeit", "momentan", "aktuell", "leider", "ist", "sind", "noch"],
            labelPrefixes: ["verfügbarkeit", "lieferbarkeit", "lieferstatus", "lagerstatus", "lagerbestand", "status"],
            nonCountUnits: [
                "tag", "tage", "tagen", "stunde", "stunden", "std", "woche", "wochen", "monate", "euro", "eur",
            ]),
        Language(
            code: "fr",
            source:
                "Dawn fr.json (Épuisé, En stock, Stock bas : {{ quantity }} restant(s)); GMC fr; PrestaShop, WooCommerce",
            inStock: [
                "en stock", "disponible en stock", "disponible immédiatement", "disponible de suite",
                "disponible en ligne",
                "prêt à expédier", "expédié sous 24h", "ajouter au panier", "acheter", "acheter maintenant",
                "stock bas", "stock limité", "quantité limitée", "derniers articles", "derniers articles en stock",
                "dernière pièce", "dernières pièces", "bientôt épuisé", "plus que #", "plus que # en stock",
                "il ne reste que #", "il reste #", "seulement # en stock", "# en stock", "# restant", "# restants",
                "# disponible", "# disponibles", "# article en stock", "# articles en stock", "# exemplaires",
            ],
            outOfStock: [
                "épuisé", "épuisée", "rupture de stock", "en rupture", "en rupture de stock", "indisponible",
                "non disponible", "temporairement indisponible", "momentanément indisponible", "plus disponible",
                "m'alerter",
                "me prévenir", "prévenez-moi", "m'avertir", "alertez-moi", "produit retiré", "fin de série",
                "n'est plus fabriqué", "uniquement en magasin", "disponible en magasin uniquement",
            ],
            comingLater: [
                "bientôt disponible", "prochainement", "disponible à partir du", "disponible dès le", "disponible le #",
            ],
            orderable: [
                "précommande", "précommander", "en précommande", "pré-commande", "disponible en précommande",
                "sur commande", "disponible sur commande", "en réapprovisionnement",
                "commande en cours de réapprovisionnement",
            ],
            otherChannels: ["retrait", "service de retrait", "click and collect"],
            inStockLabels: ["disponible"],
            negations: ["pas", "non", "n", "ne", "jamais", "aucun"],
            fillers: ["est", "sont", "plus", "actuellement", "momentanément", "temporairement", "encore", "pas"],
            labelPrefixes: ["disponibilité", "stock", "état du stock", "statut"],
            nonCountUnits: [
                "jour", "jours", "heure", "heures", "h", "semaine", "semaines", "mois", "euro", "euros", "eur",
            ]),
        Language(
            code: "es",
            source:
                "GMC es (En stock, Agotado, Reserva, Bajo pedido); Dawn es.json (Agotado, No disponible); WooCommerce",
            inStock: [
                "en stock", "en existencia", "hay existencias", "disponible en stock", "disponible para envío",
                "disponible inmediatamente", "entrega inmediata", "añadir al carrito", "añadir a la cesta",
                "agregar al carrito", "agregar a la bolsa", "comprar", "comprar ahora", "inventario bajo", "stock bajo",
                "stock limitado", "unidades limitadas", "últimas unidades", "últimas unidades en stock",
                "pocas unidades",
                "casi agotado", "últimas # unidades", "quedan #", "quedan # unidades", "solo quedan #", "solo queda #",
                "solo # en stock", "# en stock", "# disponibles", "# unidades disponibles", "# unidades en stock",
            ],
            outOfStock: [
                "agotado", "agotada", "agotados", "sin stock", "sin existencias", "fuera de stock", "no disponible",
                "temporalmente agotado", "temporalmente no disponible", "no hay stock", "descatalogado",
                "producto descatalogado", "ya no está disponible", "avísame", "avisarme", "notificarme",
                "solo en tienda", "disponible solo en tienda",
            ],
            comingLater: ["próximamente", "disponible próximamente", "disponible a partir del"],
            orderable: [
                "reserva", "reservar", "reservar ahora", "preventa", "pre-venta", "en preventa", "pre-pedido",
                "prepedido",
                "bajo pedido", "disponible bajo pedido", "por encargo", "se puede reservar", "disponible para reserva",
            ],
            otherChannels: ["retiro", "retiro en tienda", "recogida en tienda"],
            inStockLabels: ["disponible"],
            negations: ["no", "sin", "nunca"],
            fillers: [
                "está", "están", "más", "actualmente", "temporalmente", "ya", "por", "ahora", "momento", "el", "en",
            ],
            labelPrefixes: ["disponibilidad", "stock", "existencias", "estado"],
            nonCountUnits: ["día", "días", "hora", "horas", "semana", "semanas", "meses", "euro", "euros", "eur"]),
        Language(
            code: "pt-PT",
            source:
                "GMC pt (Em estoque, Esgotado, Comprar na pré-venda, Aguardando estoque); Dawn pt-PT.json; WooCommerce",
            inStock: [
                "em stock", "em estoque", "disponível em stock", "adicionar ao carrinho", "adicionar ao cesto",
                "comprar",
                "comprar agora", "stock limitado", "stock reduzido", "últimas unidades", "quase esgotado",
                "últimas # unidades", "restam #", "resta #", "restam apenas #", "apenas # em stock",
                "apenas # em estoque",
                "só restam #", "# em stock", "# em estoque", "# disponíveis", "# unidades disponíveis",
            ],
            outOfStock: [
                "esgotado", "esgotada", "sem stock", "sem estoque", "indisponível", "não disponível", "fora de stock",
                "temporariamente esgotado", "temporariamente indisponível", "avise-me", "avisem-me", "descontinuado",
                "fora de linha", "apenas em loja",
            ],
            comingLater: ["brevemente", "em breve", "disponível em breve"],
            orderable: [
                "pré-venda", "pré venda", "comprar na pré-venda", "pré-encomenda", "pré-reserva", "por encomenda",
                "sob encomenda", "aguardando estoque", "aguardando stock",
            ],
            otherChannels: ["levantamento em loja"],
            inStockLabels: ["disponível"],
            negations: ["não", "sem", "nunca"],
            fillers: ["está", "estão", "mais", "atualmente", "temporariamente", "de", "momento", "no"],
            labelPrefixes: ["disponibilidade", "stock", "estoque", "estado"],
            nonCountUnits: ["dia", "dias", "hora", "horas", "semanas", "meses", "euro", "euros", "eur"]),
        Language(
            code: "it",
            source:
                "GMC it (Disponibile, Non disponibile, Pre-ordine, Ordine arretrato); Dawn it.json; PrestaShop, WooCommerce",
            inStock: [
                "disponibile subito", "disponibilità immediata", "disponibile in magazzino", "in magazzino", "in stock",
                "pronta consegna", "aggiungi al carrello", "acquista", "acquista ora", "compra ora", "scorte limitate",
                "disponibilità limitata", "quantità limitata", "ultimi pezzi", "ultimo pezzo",
                "ultimi articoli in magazzino",
                "quasi esaurito", "solo # rimasti", "solo # rimasto", "solo # disponibili", "solo # pezzi",
                "ultimi # pezzi",
                "rimangono #", "ne restano #", "# disponibili", "# in magazzino", "# pezzi disponibili",
            ],
            outOfStock: [
                "esaurito", "esaurita", "non disponibile", "temporaneamente non disponibile",
                "momentaneamente non disponibile",
                "non più disponibile", "fuori produzione", "fuori catalogo", "avvisami", "avvisami quando disponibile",
                "solo in negozio",
            ],
            comingLater: ["prossimamente", "presto disponibile", "disponibile dal", "in arrivo"],
            orderable: [
                "pre-ordine", "preordine", "preordina", "pre-ordina", "prenota ora", "prenota subito", "prevendita",
                "ordine arretrato", "su ordinazione", "disponibile su ordinazione", "in riassortimento",
            ],
            otherChannels: ["ritiro", "ritiro in negozio"],
            inStockLabels: ["disponibile"],
            negations: ["non", "mai", "nessuna"],
            fillers: [
                "è", "sono", "più", "attualmente", "momentaneamente", "temporaneamente", "al", "momento", "ancora",
            ],
            labelPrefixes: ["disponibilità", "stato", "magazzino"],
            nonCountUnits: ["giorno", "giorni", "ora", "ore", "settimane", "mesi", "euro", "eur"]),
        Language(
            code: "nl",
            source: "Dawn nl.json; WooCommerce nl_NL; Magento nl_NL; bol.com",
            inStock: [
                "op voorraad", "direct leverbaar", "uit voorraad leverbaar", "morgen in huis", "in winkelwagen",
                "toevoegen aan winkelwagen", "in winkelmandje", "koop nu", "bestel nu", "lage voorraad",
                "beperkte voorraad",
                "laatste stuks", "bijna uitverkocht", "nog maar #", "nog maar # op voorraad", "nog # op voorraad",
                "nog # beschikbaar", "nog # stuks", "laatste # stuks", "# op voorraad", "# beschikbaar",
            ],
            outOfStock: [
                "uitverkocht", "niet op voorraad", "niet leverbaar", "niet beschikbaar", "tijdelijk uitverkocht",
                "tijdelijk niet leverbaar", "tijdelijk niet beschikbaar", "niet meer leverbaar", "uit assortiment",
                "houd me op de hoogte", "mail mij",
                "alleen in de winkel",
            ],
            comingLater: ["binnenkort beschikbaar", "binnenkort verkrijgbaar", "verwacht"],
            orderable: [
                "pre-order", "preorder", "vooruitbestellen", "vooraf bestellen", "reserveer", "reserveren",
                "nabestelling", "beschikbaar via nabestelling", "in nabestelling", "op bestelling",
            ],
            otherChannels: ["afhalen", "ophalen in de winkel"],
            inStockLabels: ["beschikbaar", "leverbaar"],
            negations: ["niet", "geen", "nooit"],
            fillers: ["is", "meer", "momenteel", "tijdelijk", "nog", "helaas"],
            labelPrefixes: ["beschikbaarheid", "levertijd", "voorraad", "status"],
            nonCountUnits: ["dag", "dagen", "uur", "weken", "maanden", "euro", "eur"]),
        Language(
            code: "pl",
            source:
                "Dawn pl.json (Wyprzedane, Niedostępny, W magazynie, pozostało {{ quantity }}); WooCommerce pl_PL; Allegro",
            inStock: [
                "w magazynie", "na stanie", "dostępny od ręki", "wysyłka w 24h", "dodaj do koszyka", "do koszyka",
                "kup teraz", "niski poziom zapasów", "ograniczona ilość", "ostatnie sztuki", "ostatnia sztuka",
                "prawie wyprzedane", "pozostało #", "pozostało # szt", "zostało #", "zostało # szt", "tylko # szt",
                "tylko # w magazynie", "ostatnie # sztuki", "# szt dostępne", "# w magazynie",
                "dostępnych #", "dostępne # szt",
            ],
            outOfStock: [
                "wyprzedane", "wyprzedany", "niedostępny", "niedostępne", "niedostępna", "brak w magazynie",
                "brak towaru", "brak na stanie", "zapas wyczerpany", "chwilowo niedostępny", "produkt niedostępny",
                "wycofany", "wycofany z oferty", "wycofany ze sprzedaży", "powiadom o dostępności", "powiadom mnie",
                "tylko w sklepie stacjonarnym",
            ],
            comingLater: ["dostępny wkrótce", "wkrótce dostępny"],
            orderable: ["przedsprzedaż", "zamówienie przedpremierowe", "na zamówienie", "dostępny na zamówienie"],
            otherChannels: ["odbiór", "odbiór osobisty"],
            inStockLabels: ["dostępny", "dostępne", "dostępna"],
            negations: ["nie", "brak"],
            fillers: ["jest", "już", "obecnie", "chwilowo", "ma"],
            labelPrefixes: ["dostępność", "stan magazynowy", "status"],
            nonCountUnits: ["dzień", "dni", "godzin", "godziny", "tygodni", "zł", "pln"]),
        Language(
            code: "cs",
            source: "Dawn cs.json; Shoptet, WooCommerce cs_CZ; Heureka availability terms",
            inStock: [
                "skladem", "skladem u dodavatele", "ihned k odeslání", "do košíku", "přidat do košíku", "koupit",
                "koupit nyní", "nízké zásoby", "omezené množství", "poslední kusy", "poslední kus", "posledních # kusů",
                "posledních # ks", "skladem # ks", "# ks skladem", "skladem > # ks", "zbývá #", "zbývají #",
            ],
            outOfStock: [
                "vyprodáno", "není skladem", "nedostupné", "nedostupný", "momentálně nedostupné", "dočasně nedostupné",
                "ukončený prodej", "ukončeno", "výroba ukončena", "hlídat dostupnost", "hlídací pes", "jen na prodejně",
            ],
            comingLater: ["připravujeme", "brzy skladem"],
            orderable: ["předobjednávka", "předprodej", "na objednávku"],
            otherChannels: ["vyzvednutí", "osobní odběr"],
            inStockLabels: ["dostupné", "k dispozici"],
            negations: ["ne", "není", "nejsou", "nelze"],
            fillers: ["je", "již", "momentálně", "dočasně", "bohužel"],
            labelPrefixes: ["dostupnost", "stav", "sklad"],
            nonCountUnits: ["den", "dny", "dní", "hodin", "hodiny", "kč", "czk"]),
        Language(
            code: "sk",
            source: "Dawn sk-SK.json; WooCommerce sk_SK; Heureka.sk availability terms",
            inStock: [
                "skladom", "na sklade", "na sklade u dodávateľa", "do košíka", "pridať do košíka", "kúpiť",
                "nízke zásoby", "obmedzené množstvo", "posledné kusy", "posledný kus", "posledné # kusy",
                "posledných # ks",
                "skladom # ks", "na sklade # ks", "# ks skladom", "# ks na sklade", "zostáva #", "zostávajú #",
            ],
            outOfStock: [
                "vypredané", "nie je skladom", "nie je na sklade", "nedostupné", "nedostupný", "dočasne nedostupné",
                "ukončený predaj", "výroba ukončená", "strážiť dostupnosť",
            ],
            comingLater: ["pripravujeme", "čoskoro na sklade"],
            orderable: ["predobjednávka", "predpredaj", "na objednávku", "na objednávku u dodávateľa"],
            inStockLabels: ["dostupné", "k dispozícii"],
            negations: ["nie", "nemáme"],
            fillers: ["je", "už", "momentálne", "dočasne", "žiaľ"],
            labelPrefixes: ["dostupnosť", "stav", "sklad"],
            nonCountUnits: ["deň", "dni", "dní", "hodín", "hodiny", "eur"]),
        Language(
            code: "sl",
            source: "Dawn sl-SI.json; WooCommerce sl_SI",
            inStock: [
                "na zalogi", "dodaj v košarico", "v košarico", "kupi", "kupi zdaj", "nizka zaloga", "omejena zaloga",
                "zadnji kosi", "zadnji kos", "še # kosov", "še # kos", "samo še #", "na zalogi # kos", "# na zalogi",
            ],
            outOfStock: [
                "razprodano", "ni na zalogi", "ni na voljo", "ni dobavljivo", "začasno ni na zalogi", "ukinjeno",
                "obvesti me",
            ],
            comingLater: ["kmalu na voljo", "kmalu na zalogi"],
            orderable: ["prednaročilo", "prednaroči", "po naročilu", "dobava po naročilu"],
            inStockLabels: ["na voljo", "dobavljivo"],
            negations: ["ni", "ne", "nima"],
            fillers: ["je", "več", "trenutno", "začasno", "žal"],
            labelPrefixes: ["razpoložljivost", "zaloga", "stanje"],
            nonCountUnits: ["dan", "dni", "ur", "eur"]),
        Language(
            code: "hr",
            source: "Dawn hr-HR.json; WooCommerce hr",
            inStock: [
                "na zalihi", "na stanju", "dostupno odmah", "dodaj u košaricu", "u košaricu", "kupi", "kupi odmah",
                "niska zaliha", "ograničena količina", "posljednji komadi", "posljednji komad", "još samo #",
                "još # kom", "još # komada", "samo # na zalihi", "# na zalihi", "# kom na stanju",
            ],
            outOfStock: [
                "rasprodano", "nema na zalihi", "nema na stanju", "nije dostupno", "nedostupno", "trenutno nedostupno",
                "nije na zalihi", "obavijesti me", "ukinuto", "proizvod više nije dostupan",
            ],
            comingLater: ["uskoro dostupno", "uskoro"],
            orderable: ["prednarudžba", "prednaruči", "po narudžbi", "dostupno po narudžbi"],
            inStockLabels: ["dostupno"],
            negations: ["nije", "nema", "ne", "nisu"],
            fillers: ["je", "više", "trenutno", "privremeno", "nažalost"],
            labelPrefixes: ["dostupnost", "zaliha", "stanje"],
            nonCountUnits: ["dan", "dana", "sati", "eur", "kn"]),
        Language(
            code: "bg",
            source: "Dawn bg-BG.json; WooCommerce bg_BG; eMAG.bg",
            inStock: [
                "в наличност", "наличен", "налично", "на склад", "добави в количката", "добави в кошницата", "купи",
                "купи сега", "ниска наличност", "ограничено количество", "последни бройки", "последна бройка",
                "остават #", "остава #", "само # бр", "последни # бр", "# бр в наличност",
            ],
            outOfStock: [
                "изчерпан", "изчерпано", "изчерпана", "изчерпано количество", "няма наличност", "не е наличен",
                "не е наличен", "недостъпен", "разпродадено", "временно изчерпан", "спрян от производство",
                "уведоми ме",
            ],
            comingLater: ["очаквайте скоро", "скоро в наличност"],
            orderable: ["предварителна поръчка", "предварителна продажба", "по поръчка", "доставка по поръчка"],
            inStockLabels: ["наличен"],
            negations: ["не", "няма", "без"],
            fillers: ["е", "са", "вече", "временно", "в", "момента"],
            labelPrefixes: ["наличност", "статус"],
            nonCountUnits: ["ден", "дни", "часа", "лв", "лева"]),
        Language(
            code: "el",
            source: "Dawn el.json; WooCommerce el; Skroutz availability terms",
            inStock: [
                "σε απόθεμα", "άμεσα διαθέσιμο", "διαθέσιμο άμεσα", "διαθέσιμο σε απόθεμα", "προσθήκη στο καλάθι",
                "στο καλάθι", "αγορά", "αγόρασε τώρα", "χαμηλό απόθεμα", "περιορισμένο απόθεμα", "τελευταία τεμάχια",
                "τελευταία κομμάτια", "μόνο # τεμάχια", "μόνο # τεμάχιο", "απομένουν #", "απομένει #",
                "# τεμάχια διαθέσιμα",
            ],
            outOfStock: [
                "εξαντλήθηκε", "εξαντλημένο", "μη διαθέσιμο", "μη διαθέσιμος", "εκτός αποθέματος",
                "δεν είναι διαθέσιμο",
                "προσωρινά μη διαθέσιμο", "καταργήθηκε", "ειδοποίησέ με", "ειδοποίηση διαθεσιμότητας",
            ],
            comingLater: ["έρχεται σύντομα", "σύντομα διαθέσιμο"],
            orderable: ["προπαραγγελία", "κατόπιν παραγγελίας", "διαθέσιμο κατόπιν παραγγελίας", "σε παραγγελία"],
            inStockLabels: ["διαθέσιμο", "διαθέσιμος", "διαθέσιμη"],
            negations: ["δεν", "μη", "όχι"],
            fillers: ["είναι", "πλέον", "προσωρινά", "αυτή", "τη", "στιγμή"],
            labelPrefixes: ["διαθεσιμότητα", "απόθεμα", "κατάσταση"],
            nonCountUnits: ["ημέρα", "ημέρες", "ώρες", "ευρώ"]),
        Language(
            code: "hu",
            source: "Dawn hu.json; WooCommerce hu_HU; Árukereső availability terms",
            inStock: [
                "raktáron", "készleten", "azonnal szállítható", "kosárba", "kosárba teszem", "kosárba rakom",
                "megveszem",
                "vásárlás", "alacsony készlet", "korlátozott készlet", "utolsó darabok", "utolsó darab", "már csak #",
                "már csak # db", "csak # db", "# db raktáron", "raktáron # db", "# db készleten",
            ],
            outOfStock: [
                "elfogyott", "nincs raktáron", "nincs készleten", "nem elérhető", "átmenetileg nem elérhető",
                "jelenleg nem kapható", "nem kapható", "kifutott", "megszűnt", "értesítést kérek",
            ],
            comingLater: ["hamarosan", "hamarosan érkezik"],
            orderable: ["előrendelés", "előrendelhető", "rendelhető", "rendelésre", "beszállítói készleten"],
            inStockLabels: ["elérhető", "kapható"],
            negations: ["nem", "nincs", "nincsen"],
            fillers: ["jelenleg", "átmenetileg", "már", "sajnos"],
            labelPrefixes: ["elérhetőség", "készlet", "állapot"],
            nonCountUnits: ["nap", "napig", "óra", "órán", "ft", "huf"]),
        Language(
            code: "ro",
            source: "GMC ro (În stoc, Stoc epuizat, Precomandă, La comandă); Dawn ro-RO.json; eMAG",
            inStock: [
                "în stoc", "disponibil în stoc", "adaugă în coș", "adaugă în coşul", "adaugă în cos", "cumpără",
                "cumpără acum", "stoc limitat", "stoc redus", "ultimele produse", "ultimele bucăți",
                "ultimul produs în stoc",
                "ultimele # produse", "doar # bucăți", "au mai rămas #", "a mai rămas #", "# bucăți în stoc",
            ],
            outOfStock: [
                "stoc epuizat", "epuizat", "indisponibil", "nu este în stoc", "nu mai este disponibil", "fără stoc",
                "momentan indisponibil", "temporar indisponibil", "produs retras", "retras din comercializare",
                "anunță-mă", "anunta-ma",
            ],
            comingLater: ["în curând"],
            orderable: ["precomandă", "precomanda", "la comandă", "disponibil la comandă", "în aprovizionare"],
            inStockLabels: ["disponibil"],
            negations: ["nu", "fără"],
            fillers: ["este", "mai", "momentan", "temporar", "e"],
            labelPrefixes: ["disponibilitate", "stoc", "stare"],
            nonCountUnits: ["zi", "zile", "ore", "lei", "ron"]),
        Language(
            code: "fi",
            source: "Dawn fi.json; WooCommerce fi",
            inStock: [
                "varastossa", "heti toimitettavissa", "lisää ostoskoriin", "ostoskoriin", "osta", "osta nyt",
                "vähän varastossa", "vähissä", "rajoitettu erä", "viimeiset kappaleet", "vain # jäljellä", "# jäljellä",
                "# kpl varastossa", "varastossa # kpl",
            ],
            outOfStock: [
                "loppuunmyyty", "loppu varastosta", "ei varastossa", "ei saatavilla", "tilapäisesti loppu",
                "tilapäisesti loppunut",
                "poistunut valikoimasta", "poistuva tuote", "ilmoita kun saatavilla", "ilmoita saatavuudesta",
            ],
            comingLater: ["tulossa", "tulossa myyntiin"],
            orderable: [
                "ennakkotilaa", "ennakkotilattavissa", "ennakkotilaus", "tilattavissa", "tilaustuote", "jälkitoimitus",
            ],
            otherChannels: ["nouto", "myymälänouto"],
            inStockLabels: ["saatavilla"],
            negations: ["ei"],
            fillers: ["ole", "enää", "tällä", "hetkellä", "valitettavasti"],
            labelPrefixes: ["saatavuus", "varastotilanne", "tila"],
            nonCountUnits: ["päivä", "päivää", "tunti", "tuntia", "euroa"]),
        Language(
            code: "sv",
            source: "Dawn sv.json; WooCommerce sv_SE",
            inStock: [
                "i lager", "finns i lager", "i lager online", "skickas idag", "lägg i varukorgen", "lägg i varukorg",
                "köp", "köp nu", "få i lager", "få kvar", "begränsat lager", "lågt lager", "endast # kvar",
                "bara # kvar",
                "# kvar", "# i lager", "# st i lager",
            ],
            outOfStock: [
                "slutsåld", "slutsålt", "slut i lager", "ej i lager", "inte i lager", "tillfälligt slut",
                "tillfälligt slutsåld",
                "inte tillgänglig", "ej tillgänglig", "utgått", "utgående", "bevaka lagerstatus", "meddela mig",
                "finns endast i butik",
            ],
            comingLater: ["kommer snart"],
            orderable: [
                "förbeställ", "förboka", "förhandsbeställ", "förhandsboka", "beställningsvara", "restnoterad",
                "restorder",
            ],
            otherChannels: ["upphämtning", "hämta i butik"],
            inStockLabels: ["tillgänglig"],
            negations: ["inte", "ej", "ingen", "icke"],
            fillers: ["finns", "är", "längre", "tillfälligt", "för", "tillfället", "tyvärr"],
            labelPrefixes: ["tillgänglighet", "lagerstatus", "lager", "status"],
            nonCountUnits: ["dag", "dagar", "timmar", "kr", "sek"]),
        Language(
            code: "da",
            source: "Dawn da.json; WooCommerce da_DK",
            inStock: [
                "på lager", "på fjernlager", "læg i kurv", "læg i kurven", "tilføj til kurv", "køb", "køb nu",
                "få på lager", "få tilbage", "lavt lager", "begrænset lager", "kun # tilbage", "# tilbage",
                "# på lager",
                "# stk på lager",
            ],
            outOfStock: [
                "udsolgt", "ikke på lager", "midlertidigt udsolgt", "ikke tilgængelig", "udgået", "udgår",
                "giv mig besked", "kun i butikken",
            ],
            comingLater: ["kommer snart"],
            orderable: ["forudbestil", "forudbestilling", "bestillingsvare", "restordre", "i restordre"],
            otherChannels: ["afhentning"],
            inStockLabels: ["tilgængelig"],
            negations: ["ikke", "ingen"],
            fillers: ["er", "længere", "midlertidigt", "desværre"],
            labelPrefixes: ["tilgængelighed", "lagerstatus", "lager", "status"],
            nonCountUnits: ["dag", "dage", "timer", "kr", "dkk"]),
        Language(
            code: "et",
            source: "WooCommerce et; Estonian shop badges",
            inStock: [
                "on laos", "laos olemas", "lisa ostukorvi", "ostukorvi", "osta", "osta kohe", "vähe laos",
                "piiratud kogus", "viimased tooted", "viimane toode", "ainult # laos", "# laos", "# tk laos",
            ],
            outOfStock: [
                "laost otsas", "välja müüdud", "pole laos", "ei ole laos", "ajutiselt otsas", "pole saadaval",
                "ei ole saadaval", "müügilt maas", "teavita mind",
            ],
            comingLater: ["varsti saadaval"],
            orderable: ["ettetellimine", "eeltellimine", "tellimisel", "järeltellimisel", "tellimise peale"],
            inStockLabels: ["laos", "saadaval"],
            outOfStockLabels: ["otsas"],
            negations: ["ei", "pole"],
            fillers: ["ole", "enam", "hetkel", "ajutiselt"],
            labelPrefixes: ["saadavus", "laoseis", "staatus"],
            nonCountUnits: ["päev", "päeva", "tundi", "eurot"]),
        Language(
            code: "lv",
            source: "WooCommerce lv; Latvian shop badges",
            inStock: [
                "ir noliktavā", "noliktavā", "ir pieejams", "pievienot grozam", "ielikt grozā", "grozā", "pirkt",
                "pirkt tagad", "ierobežots daudzums", "pēdējās preces", "pēdējie gabali", "tikai # noliktavā",
                "palikuši #", "palikušas #", "# gab noliktavā",
            ],
            outOfStock: [
                "nav noliktavā", "izpārdots", "izpārdota", "nav pieejams", "nav pieejama", "īslaicīgi nav pieejams",
                "pārtraukts", "ziņot par pieejamību",
            ],
            comingLater: ["drīzumā"],
            orderable: ["priekšpasūtījums", "iepriekšējs pasūtījums", "pēc pasūtījuma", "pasūtāms"],
            inStockLabels: ["pieejams", "pieejama"],
            negations: ["nav", "ne", "nav"],
            fillers: ["vairs", "pašlaik", "īslaicīgi", "diemžēl"],
            labelPrefixes: ["pieejamība", "noliktavas statuss", "statuss"],
            nonCountUnits: ["diena", "dienas", "stundas", "eiro"]),
        Language(
            code: "lt",
            source: "Dawn lt-LT.json; WooCommerce lt_LT",
            inStock: [
                "yra sandėlyje", "sandėlyje", "yra prekyboje", "į krepšelį", "įdėti į krepšelį", "pridėti į krepšelį",
                "pirkti", "pirkti dabar", "ribotas kiekis", "mažai likę", "paskutiniai vienetai", "paskutinės prekės",
                "liko tik #", "liko #", "# vnt sandėlyje",
            ],
            outOfStock: [
                "išparduota", "nėra sandėlyje", "nėra prekyboje", "nepasiekiama", "neprieinama", "laikinai neturime",
                "nebegaminama", "pranešti, kai atsiras", "pranešti apie atsiradimą",
            ],
            comingLater: ["netrukus"],
            orderable: ["išankstinis užsakymas", "užsakoma", "užsakomas", "pagal užsakymą"],
            inStockLabels: ["yra", "turime", "prieinama"],
            negations: ["nėra", "ne", "neturime"],
            fillers: ["šiuo", "metu", "laikinai", "deja", "jau"],
            labelPrefixes: ["prieinamumas", "likutis", "būsena"],
            nonCountUnits: ["diena", "dienos", "dienų", "val", "eur"]),
        Language(
            code: "ga",
            source: "téarma.ie terms; Irish storefront translations",
            inStock: [
                "i stoc", "ar fáil anois", "cuir sa chiseán", "cuir sa chairt", "ceannaigh", "ceannaigh anois",
                "stoc teoranta",
            ],
            outOfStock: ["as stoc", "díolta amach", "níl sé ar fáil", "níl ar fáil", "ní ar fáil"],
            comingLater: ["ar fáil go luath"],
            orderable: ["réamhordú", "réamhordaigh", "ar ordú"],
            inStockLabels: ["ar fáil"],
            negations: ["níl", "ní", "gan"],
            fillers: ["sé", "sí", "faoi", "láthair"],
            labelPrefixes: ["infhaighteacht", "stoc", "stádas"]),
        Language(
            code: "mt",
            source: "Maltese storefront translations",
            inStock: [
                "fl-istokk", "disponibbli issa", "żid mal-karrettun", "żid fil-karrettun", "ixtri", "ixtri issa",
                "stokk limitat",
            ],
            outOfStock: ["mhux fl-istokk", "barra mill-istokk", "mhux disponibbli", "mibjugħ kollu", "inbiegħ kollu"],
            orderable: ["ordni minn qabel", "ordna minn qabel", "fuq ordni"],
            inStockLabels: ["disponibbli"],
            negations: ["mhux"],
            fillers: ["aktar", "bħalissa"],
            labelPrefixes: ["disponibbiltà", "stokk", "status"]),
    ]

    // MARK: Latin America

    static let americas: [Language] = [
        Language(
            code: "es-419",
            source: "Dawn es.json (Latin American Spanish); Mercado Libre; WooCommerce es_MX, es_AR, es_CL, es_CO",
            inStock: [
                "stock disponible", "disponible para entrega", "envío inmediato", "agregar al carrito",
                "agregar a la bolsa",
                "comprar ahora", "inventario bajo", "quedan pocas", "última disponible", "último disponible",
                "inventario bajo quedan #", "# disponibles", "(# disponibles)", "quedan # piezas",
                "solo quedan # piezas",
                "# piezas disponibles",
            ],
            outOfStock: [
                "sin stock", "sin existencias", "sin inventario", "agotado", "publicación pausada",
                "publicación finalizada",
                "no disponible por el momento", "avisarme cuando llegue", "avísame cuando esté disponible",
            ],
            orderable: ["preventa", "en preventa", "sobre pedido", "bajo pedido", "por encargo"],
            negations: ["no", "sin"],
            fillers: ["está", "por", "el", "momento"],
            nonCountUnits: ["día", "días", "horas", "meses", "pesos"]),
        Language(
            code: "pt-BR",
            source:
                "GMC pt (Em estoque, Esgotado, Aguardando estoque); Dawn pt-BR.json; WooCommerce pt_BR; Mercado Livre",
            inStock: [
                "em estoque", "estoque disponível", "pronta entrega", "adicionar ao carrinho", "adicionar à sacola",
                "comprar",
                "comprar agora", "estoque baixo", "estoque limitado", "últimas unidades", "última unidade",
                "restam apenas #", "restam #", "resta #", "apenas # em estoque", "só # em estoque", "# em estoque",
                "# disponíveis", "# unidades disponíveis", "últimas # unidades",
            ],
            outOfStock: [
                "esgotado", "esgotada", "sem estoque", "fora de estoque", "indisponível", "produto indisponível",
                "temporariamente indisponível", "avise-me quando chegar", "avise-me", "me avise", "fora de linha",
                "descontinuado",
            ],
            comingLater: ["em breve"],
            orderable: [
                "pré-venda", "pré venda", "comprar na pré-venda", "sob encomenda", "aguardando estoque",
                "por encomenda",
            ],
            otherChannels: ["retirada", "retire na loja"],
            inStockLabels: ["disponível"],
            negations: ["não", "sem"],
            fillers: ["está", "estão", "mais", "no", "momento", "temporariamente"],
            labelPrefixes: ["disponibilidade", "estoque"],
            nonCountUnits: ["dia", "dias", "hora", "horas", "semanas", "meses", "reais"]),
    ]

    // MARK: Russia, Ukraine, Turkey

    static let eastern: [Language] = [
        Language(
            code: "ru",
            source:
                "GMC ru (В наличии, Нет в наличии, Предзаказ, Под заказ); Dawn ru.json (Продано, Заканчивается); Ozon",
            inStock: [
                "в наличии", "есть в наличии", "на складе", "в корзину", "добавить в корзину", "купить",
                "купить сейчас",
                "купить в один клик", "заканчивается", "осталось мало", "мало на складе", "ограниченное количество",
                "последний товар",
                "последние экземпляры", "осталось #", "осталось # шт", "осталось всего #", "остался #",
                "последние # шт",
                "# шт в наличии", "в наличии # шт",
            ],
            outOfStock: [
                "нет в наличии", "нет на складе", "товар закончился", "закончился", "распродано", "отсутствует",
                "временно отсутствует", "недоступно", "недоступен", "снят с производства", "снято с продажи",
                "сообщить о поступлении", "уведомить о поступлении",
            ],
            comingLater: ["ожидается поступление", "скоро в продаже"],
            orderable: ["предзаказ", "оформить предзаказ", "под заказ", "на заказ", "доступно под заказ"],
            otherChannels: ["самовывоз"],
            inStockLabels: ["есть", "доступно", "мало"],
            outOfStockLabels: ["продано"],
            negations: ["не", "нет"],
            fillers: ["временно", "больше", "сейчас", "уже", "к", "сожалению"],
            labelPrefixes: ["наличие", "статус"],
            nonCountUnits: ["день", "дня", "дней", "час", "часа", "часов", "руб", "р"]),
        Language(
            code: "uk",
            source: "WooCommerce uk; Rozetka, Prom.ua badges",
            inStock: [
                "в наявності", "є в наявності", "на складі", "у кошик", "в кошик", "додати в кошик", "додати до кошика",
                "купити", "купити зараз", "закінчується", "обмежена кількість", "останній товар", "залишилось #",
                "залишилося #", "лишилось #", "залишилось # шт", "останні # шт",
            ],
            outOfStock: [
                "немає в наявності", "нема в наявності", "закінчився", "розпродано", "відсутній", "тимчасово відсутній",
                "недоступно", "знято з виробництва", "повідомити про наявність",
            ],
            comingLater: ["очікується надходження", "незабаром у продажу"],
            orderable: ["передзамовлення", "під замовлення", "на замовлення"],
            otherChannels: ["самовивіз"],
            inStockLabels: ["є", "доступно"],
            negations: ["не", "немає", "нема"],
            fillers: ["тимчасово", "більше", "вже", "на", "жаль"],
            labelPrefixes: ["наявність", "статус"],
            nonCountUnits: ["день", "дні", "днів", "годин", "грн"]),
        Language(
            code: "tr",
            source:
                "Dawn tr.json (Tükendi, Stokta, {{ quantity }} adet kaldı, Stokta yok); WooCommerce tr_TR; Trendyol",
            inStock: [
                "stokta var", "stokta mevcut", "sepete ekle", "satın al", "hemen al", "stok düzeyi düşük",
                "sınırlı stok", "tükenmek üzere", "son ürünler", "son # ürün", "son # adet", "# adet kaldı",
                "stokta # adet", "stokta # adet mevcut", "yalnızca # adet",
            ],
            outOfStock: [
                "tükendi", "stokta yok", "stok yok", "stokta bulunmuyor", "satışta değil", "mevcut değil",
                "kullanım dışı",
                "satışa kapalı", "üretimi durduruldu", "gelince haber ver", "stoğa girince haber ver", "haber ver",
            ],
            comingLater: ["yakında", "yakında satışta"],
            orderable: ["ön sipariş", "ön siparişe açık", "sipariş üzerine", "siparişe özel"],
            otherChannels: ["teslim alım", "mağazadan teslim"],
            inStockLabels: ["stokta", "mevcut", "var"],
            negations: ["hiç"],
            postNegations: ["yok", "değil", "bulunmuyor", "kapandı"],
            fillers: ["şu", "anda", "maalesef", "artık"],
            labelPrefixes: ["stok durumu", "stok", "durum"],
            nonCountUnits: ["gün", "saat", "hafta", "ay", "tl"]),
    ]

    // MARK: India, Japan, China, Korea

    static let asian: [Language] = [
        Language(
            code: "en-IN",
            source: "Flipkart, Amazon.in and Myntra English badges",
            inStock: ["hurry only # left", "few left", "hurry few left", "add to bag", "buy now"],
            outOfStock: ["sold out", "currently unavailable", "notify me", "out of stock"],
            comingLater: ["coming soon"]),
        Language(
            code: "hi",
            source: "Amazon.in and Flipkart Hindi storefronts",
            inStock: [
                "स्टॉक में है", "स्टॉक में", "कार्ट में जोड़ें", "कार्ट में डालें", "अभी खरीदें", "सीमित स्टॉक",
                "केवल # बचे", "केवल # बचे हैं", "सिर्फ # बचे", "केवल # स्टॉक में", "# बचे हैं",
            ],
            outOfStock: [
                "स्टॉक में नहीं", "स्टॉक में नहीं है", "स्टॉक खत्म", "स्टॉक ख़त्म", "अनुपलब्ध", "वर्तमान में अनुपलब्ध",
                "उपलब्ध नहीं", "बिक गया", "बिक चुका", "मुझे सूचित करें",
            ],
            comingLater: ["जल्द आ रहा है"],
            orderable: ["प्री-ऑर्डर", "प्री ऑर्डर", "अग्रिम ऑर्डर"],
            inStockLabels: ["उपलब्ध"],
            postNegations: ["नहीं"],
            fillers: ["है", "हैं"],
            labelPrefixes: ["उपलब्धता"],
            nonCountUnits: ["दिन", "घंटे", "रुपये"]),
        Language(
            code: "ja",
            source: "GMC ja (在庫あり, 在庫なし, 予約, 入荷待ち); Dawn ja.json (売り切れ, 低在庫：残り{{ quantity }}個, 在庫切れ); Rakuten",
            inStock: [
                "在庫あり", "在庫有り", "在庫有", "即納", "即日発送", "カートに入れる", "カートに追加", "買い物かごに入れる",
                "今すぐ購入", "今すぐ買う", "購入する", "低在庫", "在庫僅少", "在庫わずか", "残りわずか", "残り僅か",
                "売り切れ間近", "残り#点", "残り#個", "残り#枚", "残り#本", "残り#台", "残り#冊", "在庫残り#",
                "在庫#点", "在庫#個",
            ],
            outOfStock: [
                "在庫なし", "在庫無し", "在庫切れ", "品切れ", "品切", "売り切れ", "売切れ", "売切", "完売", "販売終了",
                "販売休止", "生産終了", "取り扱い終了", "取扱終了", "予約不可", "予約受付終了", "予約終了", "受付終了", "入荷お知らせ", "再入荷お知らせ", "入荷通知",
                "再入荷通知", "店舗限定",
            ],
            comingLater: ["入荷予定", "近日発売"],
            orderable: ["予約", "予約受付中", "予約注文", "予約商品", "予約する", "入荷待ち", "お取り寄せ", "取り寄せ", "受注生産"],
            otherChannels: ["受取", "店舗受取"]),
        Language(
            code: "zh-Hans",
            source: "GMC zh-Hans (有货, 缺货, 预订, 缺货待补); Dawn zh-CN.json (添加到购物车, 售罄, 不可用); Taobao/Tmall, JD",
            inStock: [
                "有货", "现货", "有现货", "现货供应", "有库存", "库存充足", "加入购物车", "添加到购物车", "放入购物车",
                "立即购买", "马上抢", "库存紧张", "库存不多", "少量库存", "即将售罄", "仅剩#件", "仅剩#个", "仅剩#台",
                "只剩#件", "剩余#件", "库存#件",
            ],
            outOfStock: [
                "缺货", "无货", "没货", "没有货", "无现货", "暂无现货", "暂时缺货", "暂无库存", "无库存", "没有库存", "售罄", "已售罄", "已售完", "售完",
                "已下架", "下架", "停产", "已停售", "停售", "不可用", "不可购买", "到货通知", "补货中",
            ],
            comingLater: ["即将上市"],
            orderable: ["预订", "预定", "预售", "预购", "缺货待补", "接受预订"],
            otherChannels: ["取货", "自提"]),
        Language(
            code: "zh-Hant",
            source: "GMC zh-Hant; Dawn zh-TW.json (加入購物車, 售罄, 無法供貨); PChome, momo",
            inStock: [
                "有現貨", "現貨", "現貨供應", "有庫存", "庫存充足", "加入購物車", "放入購物車", "立即購買", "馬上買",
                "庫存有限", "數量有限", "少量現貨", "即將售完", "即將售罄", "僅剩#件", "僅剩#個", "只剩#件", "剩餘#件",
                "庫存#件",
            ],
            outOfStock: [
                "缺貨", "無貨", "沒有貨", "無現貨", "暫無現貨", "暫時缺貨", "暫無庫存", "無庫存", "沒有庫存", "售罄", "已售罄", "售完", "已售完",
                "完售", "補貨中", "已下架", "停產", "停售", "無法供貨", "貨到通知", "到貨通知",
            ],
            comingLater: ["即將上市"],
            orderable: ["預購", "預購中", "預定", "預訂", "接受預訂", "延遲交貨"],
            otherChannels: ["取貨", "自取"]),
        Language(
            code: "ko",
            source: "GMC ko (재고 있음, 재고 없음, 선주문, 이월 주문); Dawn ko.json (카트에 추가, 품절, 사용할 수 없음); Coupang",
            inStock: [
                "재고 있음", "재고있음", "카트에 추가", "장바구니 담기", "장바구니에 담기", "장바구니", "바로구매",
                "바로 구매", "구매하기", "지금 구매", "한정수량", "품절임박", "품절 임박", "소량 남음", "#개 남음",
                "#개 남았습니다", "잔여 #개", "남은 수량 #개", "재고 #개",
            ],
            outOfStock: [
                "품절", "일시품절", "일시 품절", "매진", "재고 없음", "재고없음", "판매종료", "판매 종료", "판매중지",
                "판매 중지", "단종", "사용할 수 없음", "구매 불가", "구매불가", "입고 알림", "재입고 알림",
            ],
            comingLater: ["입고예정", "출시 예정"],
            orderable: ["선주문", "예약구매", "예약 구매", "예약판매", "예약 판매", "이월 주문", "주문 제작"],
            otherChannels: ["픽업", "매장 픽업"]),
    ]

    // MARK: Kept from the first lists, and neighbours of the markets above

    static let others: [Language] = [
        Language(
            code: "nb",
            source: "Dawn nb.json; WooCommerce nb_NO",
            inStock: [
                "på lager", "på nettlager", "legg i handlekurven", "legg i handlekurv", "kjøp", "kjøp nå",
                "få på lager",
                "få igjen", "lavt lager", "kun # igjen", "# igjen", "# på lager", "# stk på lager",
            ],
            outOfStock: [
                "utsolgt", "ikke på lager", "midlertidig utsolgt", "ikke tilgjengelig", "utgått", "varsle meg",
                "kun i butikk",
            ],
            comingLater: ["kommer snart"],
            orderable: ["forhåndsbestill", "forhåndsbestilling", "bestillingsvare", "restordre", "i restordre"],
            otherChannels: ["henting", "hent i butikk"],
            inStockLabels: ["tilgjengelig"],
            negations: ["ikke", "ingen"],
            fillers: ["er", "lenger", "midlertidig", "dessverre"],
            labelPrefixes: ["tilgjengelighet", "lagerstatus", "lager", "status"],
            nonCountUnits: ["dag", "dager", "timer", "kr", "nok"]),
        Language(
            code: "he",
            source: "GMC iw (במלאי, חסר במלאי, הזמנה מראש, בהמתנה להשלמת מלאי); WooCommerce he_IL",
            inStock: [
                "במלאי", "קיים במלאי", "זמין במלאי", "הוסף לסל", "הוספה לסל", "הוסף לעגלה", "קנה עכשיו", "מלאי מוגבל",
                "נותרו # יחידות", "נשארו # יחידות", "נותרו # במלאי",
            ],
            outOfStock: [
                "אזל", "אזל מהמלאי", "חסר במלאי", "אינו במלאי", "לא במלאי", "לא זמין", "אינו זמין", "עדכנו אותי",
            ],
            orderable: ["הזמנה מראש", "בהמתנה להשלמת מלאי", "בהזמנה"]),
        Language(
            code: "ar",
            source: "WooCommerce ar; Amazon.ae, Noon",
            inStock: [
                "متوفر في المخزون", "متوفر الآن", "متوفر حاليا", "متوفر حاليًا", "أضف إلى السلة", "أضف الى السلة",
                "أضف للسلة", "اشتر الآن", "اشتري الآن", "كمية محدودة", "بقي # فقط", "متبقي # فقط", "تبقى #", "# متبقية",
            ],
            outOfStock: [
                "غير متوفر", "غير متاح", "نفدت الكمية", "نفذت الكمية", "نفد من المخزون", "نفذ من المخزون",
                "غير متوفر حاليا", "غير متوفر حاليًا", "أعلمني عند التوفر",
            ],
            comingLater: ["قريبا"],
            orderable: ["طلب مسبق", "الطلب المسبق", "متاح للطلب المسبق", "حسب الطلب"],
            inStockLabels: ["متوفر", "متاح"]),
        Language(
            code: "vi",
            source: "GMC vi (Còn hàng, Hết hàng, Đặt hàng trước, Giao sau); Shopee VN, Tiki",
            inStock: [
                "còn hàng", "có sẵn", "sẵn hàng", "thêm vào giỏ", "thêm vào giỏ hàng", "mua ngay", "sắp hết hàng",
                "số lượng có hạn", "chỉ còn #", "chỉ còn # sản phẩm", "còn # sản phẩm",
            ],
            outOfStock: ["hết hàng", "tạm hết hàng", "đã bán hết", "ngừng kinh doanh", "ngừng bán", "báo khi có hàng"],
            comingLater: ["sắp ra mắt"],
            orderable: ["đặt hàng trước", "đặt trước", "hàng đặt trước"],
            inStockLabels: ["giao sau"],
            negations: ["không", "chưa"],
            fillers: ["còn", "có"],
            labelPrefixes: ["tình trạng", "kho hàng"]),
        Language(
            code: "th",
            source: "Dawn th.json; Shopee TH, Lazada TH",
            inStock: [
                "มีสินค้า", "มีสินค้าพร้อมส่ง", "พร้อมส่ง", "หยิบใส่ตะกร้า", "เพิ่มลงในตะกร้า", "เพิ่มลงในรถเข็น", "ซื้อเลย",
                "ซื้อสินค้า", "จำนวนจำกัด", "ใกล้หมด", "เหลือ # ชิ้น", "เหลือเพียง # ชิ้น", "เหลือเพียง #",
            ],
            outOfStock: [
                "สินค้าหมด", "หมดแล้ว", "ขายหมดแล้ว", "สินค้าหมดชั่วคราว", "หมดชั่วคราว", "เลิกจำหน่าย", "แจ้งเตือนเมื่อมีสินค้า",
            ],
            orderable: ["พรีออเดอร์", "สั่งจองล่วงหน้า", "สินค้าพรีออเดอร์"]),
        Language(
            code: "id",
            source: "Dawn id.json; Tokopedia, Shopee ID",
            inStock: [
                "stok tersedia", "ready stock", "tambahkan ke keranjang", "masukkan keranjang", "+ keranjang",
                "beli sekarang",
                "stok terbatas", "stok sedikit", "hampir habis", "sisa #", "tersisa #", "hanya # tersisa", "stok #",
            ],
            outOfStock: ["stok habis", "habis", "habis terjual", "terjual habis", "tidak tersedia", "ingatkan saya"],
            comingLater: ["segera hadir"],
            orderable: ["pre-order", "pre order", "pesan dulu"],
            inStockLabels: ["tersedia", "ada"],
            negations: ["tidak", "belum"],
            fillers: ["lagi", "sedang", "saat", "ini"],
            labelPrefixes: ["ketersediaan", "stok", "status"],
            nonCountUnits: ["hari", "jam", "minggu", "rp"]),
    ]
}
