import Testing

@testable import MantisCore

@Suite("StockText")
struct StockTextTests {
    @Test("Labels and buttons of products that can be bought read as in stock", arguments: StockTextCases.inStock)
    func inStock(example: StockTextCases.Label) {
        #expect(StockText.phrase(in: example.text) == .inStock)
    }

    @Test("Labels of products that cannot be bought now read as out of stock", arguments: StockTextCases.outOfStock)
    func outOfStock(example: StockTextCases.Label) {
        #expect(StockText.phrase(in: example.text) == .outOfStock)
    }

    @Test("Texts that say nothing about stock give no availability", arguments: StockTextCases.silent)
    func silent(example: StockTextCases.Label) {
        #expect(StockText.phrase(in: example.text) == nil)
    }

    @Test("schema.org ItemAvailability members and feed spellings", arguments: StockTextCases.schemaValues)
    func schemaValues(value: String, expected: ProductPage.Availability?) {
        #expect(StockText.schemaValue(value) == expected)
    }

    @Test("A count in any digit system is a count: Arabic-Indic, Devanagari, full-width, Thai")
    func countsInOtherDigitSystems() {
        // setup
        let texts = ["متبقي ٣ فقط", "केवल २ बचे", "残り２点", "เหลือ ๒ ชิ้น", "Only ２ left"]
        // validate
        for text in texts { #expect(StockText.phrase(in: text) == .inStock, "\(text)") }
    }

    @Test(
        "Zero left is out of stock, whatever the wording",
        arguments: ["Only 0 left", "0 in stock", "Stokta 0 adet", "残り0点", "Nur noch 0 auf Lager"])
    func zeroLeft(text: String) {
        #expect(StockText.phrase(in: text) == .outOfStock)
    }

    @Test("A number with a unit after it is a duration or a price, not a count")
    func durationsAndPricesAreNotCounts() {
        #expect(StockText.phrase(in: "Nur noch 2 Tage!") == nil)
        #expect(StockText.phrase(in: "Plus que 3 jours") == nil)
        #expect(StockText.phrase(in: "Jetzt nur noch 19,99 €") == nil)
        #expect(StockText.phrase(in: "Only 2 days left") == nil)
    }

    @Test("Out-of-stock wording wins over in-stock wording in the same text")
    func outOfStockWins() {
        #expect(StockText.phrase(in: "Notify me when back in stock") == .outOfStock)
        #expect(StockText.phrase(in: "Add to cart — Sold out") == .outOfStock)
    }

    @Test("A pre-order or back-order wins over the stock wording beside it, unless it is itself sold out")
    func orderableWins() {
        #expect(StockText.phrase(in: "Out of stock – available on backorder") == .inStock)
        #expect(StockText.phrase(in: "Vorbestellbar – lieferbar ab 12.05.") == .inStock)
        #expect(StockText.phrase(in: "Sold out. Pre-order the next batch") == .inStock)
        #expect(StockText.phrase(in: "Pre-order sold out") == .outOfStock)
    }

    @Test("Reading a label costs little: 5,000 labels well within 2 s, even unoptimised (about 0.15 s)")
    func speed() {
        // setup
        let labels = StockTextCases.inStock.map(\.text) + StockTextCases.outOfStock.map(\.text)
        let clock = ContinuousClock()
        // MUT
        let elapsed = clock.measure {
            for index in 0..<5_000 { _ = StockText.phrase(in: labels[index % labels.count]) }
        }
        // validate
        #expect(elapsed < .seconds(2))
    }
}

// MARK: - Cases

/// Label and button texts written the way shops of each market show them.
enum StockTextCases {
    struct Label: CustomTestStringConvertible, Sendable {
        var language: String
        var text: String
        var testDescription: String { "\(language): \(text)" }
    }

    static let inStock: [Label] = [
        // en (WooCommerce, Shopify Dawn, Magento, Amazon)
        Label(language: "en", text: "In stock"),
        Label(language: "en", text: "IN STOCK - ships within 24 hours"),
        Label(language: "en", text: "Only 2 left in stock - order soon."),
        Label(language: "en", text: "Low stock: 3 left"),
        Label(language: "en", text: "12 in stock"),
        Label(language: "en", text: "Add to Cart"),
        Label(language: "en", text: "Add to basket"),
        Label(language: "en", text: "Pre-order now"),
        Label(language: "en", text: "Available on backorder"),
        Label(language: "en", text: "Limited stock available"),
        Label(language: "en", text: "Almost sold out!"),
        Label(language: "en", text: "Availability: Available"),
        Label(language: "en", text: "Made to order"),
        Label(language: "en", text: "Temporarily out of stock. Order now and we'll deliver when available."),
        Label(language: "en", text: "In stock – ready for pickup today"),
        // en-IN (Flipkart, Amazon.in, Myntra)
        Label(language: "en-IN", text: "Hurry, Only 2 left!"),
        Label(language: "en-IN", text: "ADD TO BAG"),
        Label(language: "en-IN", text: "Buy Now"),
        // de (Dawn, WooCommerce, Shopware, GMC)
        Label(language: "de", text: "Auf Lager"),
        Label(language: "de", text: "Sofort lieferbar, Lieferzeit 1-3 Werktage"),
        Label(language: "de", text: "Nur noch 3 auf Lager"),
        Label(language: "de", text: "Niedriger Lagerbestand: 2 verbleibend"),
        Label(language: "de", text: "In den Warenkorb legen"),
        Label(language: "de", text: "Vorbestellbar"),
        Label(language: "de", text: "Fast ausverkauft"),
        Label(language: "de", text: "Lieferbar ab Lager"),
        // fr (Dawn, PrestaShop, WooCommerce)
        Label(language: "fr", text: "En stock"),
        Label(language: "fr", text: "Plus que 2"),
        Label(language: "fr", text: "Stock bas : 4 restant(s)"),
        Label(language: "fr", text: "Derniers articles en stock"),
        Label(language: "fr", text: "Ajouter au panier"),
        Label(language: "fr", text: "Précommande"),
        Label(language: "fr", text: "Disponible"),
        // es (Dawn, GMC, WooCommerce), es-419 (Mercado Libre)
        Label(language: "es", text: "En stock"),
        Label(language: "es", text: "¡Últimas 3 unidades!"),
        Label(language: "es", text: "Hay existencias"),
        Label(language: "es", text: "Añadir al carrito"),
        Label(language: "es", text: "Disponible bajo pedido"),
        Label(language: "es-419", text: "Stock disponible (5 disponibles)"),
        Label(language: "es-419", text: "Agregar al carrito"),
        Label(language: "es-419", text: "Preventa"),
        Label(language: "es-419", text: "Inventario bajo: quedan 2"),
        // pt-BR, pt-PT
        Label(language: "pt-BR", text: "Em estoque"),
        Label(language: "pt-BR", text: "Restam apenas 2 unidades"),
        Label(language: "pt-BR", text: "Adicionar ao carrinho"),
        Label(language: "pt-BR", text: "Pré-venda"),
        Label(language: "pt-PT", text: "Em stock"),
        Label(language: "pt-PT", text: "Últimas unidades"),
        // it, nl
        Label(language: "it", text: "Disponibile subito"),
        Label(language: "it", text: "Solo 2 rimasti"),
        Label(language: "it", text: "Aggiungi al carrello"),
        Label(language: "it", text: "Ultimi articoli in magazzino"),
        Label(language: "nl", text: "Op voorraad"),
        Label(language: "nl", text: "Nog maar 2 op voorraad"),
        Label(language: "nl", text: "In winkelwagen"),
        Label(language: "nl", text: "Bijna uitverkocht"),
        // pl, cs, sk, sl, hr
        Label(language: "pl", text: "W magazynie"),
        Label(language: "pl", text: "Niski poziom zapasów: pozostało 2"),
        Label(language: "pl", text: "Dodaj do koszyka"),
        Label(language: "pl", text: "Ostatnie sztuki"),
        Label(language: "cs", text: "Skladem > 5 ks"),
        Label(language: "cs", text: "Přidat do košíku"),
        Label(language: "cs", text: "Na objednávku"),
        Label(language: "sk", text: "Na sklade"),
        Label(language: "sk", text: "Pridať do košíka"),
        Label(language: "sl", text: "Na zalogi"),
        Label(language: "sl", text: "Dodaj v košarico"),
        Label(language: "hr", text: "Na zalihi"),
        Label(language: "hr", text: "Dodaj u košaricu"),
        // bg, el, hu, ro
        Label(language: "bg", text: "В наличност"),
        Label(language: "bg", text: "Добави в количката"),
        Label(language: "el", text: "Άμεσα διαθέσιμο"),
        Label(language: "el", text: "ΠΡΟΣΘΗΚΗ ΣΤΟ ΚΑΛΑΘΙ"),
        Label(language: "hu", text: "Raktáron"),
        Label(language: "hu", text: "Már csak 2 db"),
        Label(language: "hu", text: "Kosárba"),
        Label(language: "ro", text: "În stoc"),
        Label(language: "ro", text: "Ultimele 2 produse"),
        Label(language: "ro", text: "Adaugă în coș"),
        Label(language: "ro", text: "Precomandă"),
        // fi, sv, da, et, lv, lt, ga, mt
        Label(language: "fi", text: "Varastossa"),
        Label(language: "fi", text: "Lisää ostoskoriin"),
        Label(language: "sv", text: "I lager"),
        Label(language: "sv", text: "Endast 2 kvar"),
        Label(language: "sv", text: "Lägg i varukorgen"),
        Label(language: "da", text: "På lager"),
        Label(language: "da", text: "Læg i kurv"),
        Label(language: "et", text: "Laos"),
        Label(language: "et", text: "Lisa ostukorvi"),
        Label(language: "lv", text: "Ir noliktavā"),
        Label(language: "lv", text: "Pievienot grozam"),
        Label(language: "lt", text: "Yra sandėlyje"),
        Label(language: "lt", text: "Į krepšelį"),
        Label(language: "ga", text: "I stoc"),
        Label(language: "mt", text: "Fl-istokk"),
        // ru, uk, tr
        Label(language: "ru", text: "В наличии"),
        Label(language: "ru", text: "Заканчивается. Осталось: 2"),
        Label(language: "ru", text: "Осталось 2 шт."),
        Label(language: "ru", text: "Добавить в корзину"),
        Label(language: "ru", text: "Под заказ"),
        Label(language: "uk", text: "Є в наявності"),
        Label(language: "uk", text: "Купити"),
        Label(language: "tr", text: "Stokta"),
        Label(language: "tr", text: "Son 2 ürün"),
        Label(language: "tr", text: "Stok düzeyi düşük: 3 adet kaldı"),
        Label(language: "tr", text: "SEPETE EKLE"),
        Label(language: "tr", text: "Tükenmek üzere"),
        // hi, ja, zh, ko
        Label(language: "hi", text: "स्टॉक में है।"),
        Label(language: "hi", text: "कार्ट में जोड़ें"),
        Label(language: "hi", text: "केवल 2 बचे हैं"),
        Label(language: "ja", text: "在庫あり"),
        Label(language: "ja", text: "残り2点"),
        Label(language: "ja", text: "低在庫：残り3個"),
        Label(language: "ja", text: "カートに入れる"),
        Label(language: "ja", text: "予約受付中"),
        Label(language: "ja", text: "お取り寄せ"),
        Label(language: "zh-Hans", text: "有货"),
        Label(language: "zh-Hans", text: "仅剩3件"),
        Label(language: "zh-Hans", text: "加入购物车"),
        Label(language: "zh-Hans", text: "预售"),
        Label(language: "zh-Hans", text: "缺货待补"),
        Label(language: "zh-Hant", text: "現貨供應"),
        Label(language: "zh-Hant", text: "僅剩 2 件"),
        Label(language: "zh-Hant", text: "加入購物車"),
        Label(language: "ko", text: "재고 있음"),
        Label(language: "ko", text: "3개 남음"),
        Label(language: "ko", text: "장바구니 담기"),
        Label(language: "ko", text: "품절임박"),
        Label(language: "ko", text: "예약구매"),
        // he, ar, vi, th, id
        Label(language: "he", text: "במלאי"),
        Label(language: "he", text: "הוספה לסל"),
        Label(language: "ar", text: "متوفر في المخزون"),
        Label(language: "ar", text: "أضف إلى السلة"),
        Label(language: "vi", text: "Còn hàng"),
        Label(language: "vi", text: "Chỉ còn 2 sản phẩm"),
        Label(language: "vi", text: "Thêm vào giỏ hàng"),
        Label(language: "th", text: "มีสินค้าพร้อมส่ง"),
        Label(language: "th", text: "เหลือเพียง 2 ชิ้น"),
        Label(language: "id", text: "Stok tersedia"),
        Label(language: "id", text: "Tambahkan ke keranjang"),
        Label(language: "nb", text: "Legg i handlekurven"),
    ]

    static let outOfStock: [Label] = [
        // en
        Label(language: "en", text: "Out of stock"),
        Label(language: "en", text: "SOLD OUT"),
        Label(language: "en", text: "Sold out – notify me when available"),
        Label(language: "en", text: "Currently unavailable."),
        Label(language: "en", text: "Temporarily out of stock"),
        Label(language: "en", text: "This item is no longer available"),
        Label(language: "en", text: "Discontinued"),
        Label(language: "en", text: "Not available"),
        Label(language: "en", text: "Coming soon"),
        Label(language: "en", text: "Back in stock soon"),
        Label(language: "en", text: "Expected in stock on 12/05"),
        Label(language: "en", text: "Unavailable"),
        Label(language: "en", text: "In-store only"),
        Label(language: "en-IN", text: "Notify Me"),
        // de
        Label(language: "de", text: "Ausverkauft"),
        Label(language: "de", text: "Nicht vorrätig"),
        Label(language: "de", text: "Derzeit nicht verfügbar"),
        Label(language: "de", text: "Leider nicht mehr lieferbar"),
        Label(language: "de", text: "Verfügbar ab 15.03.2025"),
        Label(language: "de", text: "Nicht auf Lager"),
        // fr
        Label(language: "fr", text: "Épuisé"),
        Label(language: "fr", text: "En rupture de stock"),
        Label(language: "fr", text: "Ce produit n'est plus disponible"),
        Label(language: "fr", text: "Non disponible(s)"),
        Label(language: "fr", text: "M'alerter lorsque le produit est disponible"),
        // es, es-419, pt
        Label(language: "es", text: "Agotado"),
        Label(language: "es", text: "No disponible"),
        Label(language: "es", text: "Producto descatalogado"),
        Label(language: "es", text: "Temporalmente sin stock"),
        Label(language: "es-419", text: "Sin stock"),
        Label(language: "es-419", text: "Publicación pausada"),
        Label(language: "pt-BR", text: "Esgotado"),
        Label(language: "pt-BR", text: "Produto indisponível"),
        Label(language: "pt-BR", text: "Avise-me quando chegar"),
        Label(language: "pt-PT", text: "Sem stock"),
        // it, nl
        Label(language: "it", text: "Esaurito"),
        Label(language: "it", text: "Non disponibile"),
        Label(language: "it", text: "Prodotto non è più disponibile"),
        Label(language: "nl", text: "Uitverkocht"),
        Label(language: "nl", text: "Tijdelijk niet op voorraad"),
        Label(language: "nl", text: "Niet leverbaar"),
        // pl, cs, sk, sl, hr
        Label(language: "pl", text: "Wyprzedane"),
        Label(language: "pl", text: "Brak w magazynie"),
        Label(language: "pl", text: "Produkt chwilowo niedostępny"),
        Label(language: "cs", text: "Vyprodáno"),
        Label(language: "cs", text: "Není skladem"),
        Label(language: "sk", text: "Nie je skladom"),
        Label(language: "sl", text: "Ni na zalogi"),
        Label(language: "hr", text: "Rasprodano"),
        Label(language: "hr", text: "Nema na zalihi"),
        // bg, el, hu, ro
        Label(language: "bg", text: "Изчерпан"),
        Label(language: "bg", text: "Няма наличност"),
        Label(language: "el", text: "Εξαντλήθηκε"),
        Label(language: "el", text: "Μη διαθέσιμο"),
        Label(language: "hu", text: "Elfogyott"),
        Label(language: "hu", text: "Nincs raktáron"),
        Label(language: "ro", text: "Stoc epuizat"),
        Label(language: "ro", text: "Indisponibil"),
        // fi, sv, da, nb, et, lv, lt, ga, mt
        Label(language: "fi", text: "Loppuunmyyty"),
        Label(language: "fi", text: "Ei varastossa"),
        Label(language: "sv", text: "Slutsåld"),
        Label(language: "sv", text: "Tillfälligt slut"),
        Label(language: "da", text: "Udsolgt"),
        Label(language: "da", text: "Ikke på lager"),
        Label(language: "nb", text: "Utsolgt"),
        Label(language: "et", text: "Laost otsas"),
        Label(language: "lv", text: "Nav noliktavā"),
        Label(language: "lv", text: "Izpārdots"),
        Label(language: "lt", text: "Išparduota"),
        Label(language: "lt", text: "Nėra sandėlyje"),
        Label(language: "ga", text: "As stoc"),
        Label(language: "mt", text: "Mhux disponibbli"),
        // ru, uk, tr
        Label(language: "ru", text: "Нет в наличии"),
        Label(language: "ru", text: "Продано"),
        Label(language: "ru", text: "Товар закончился"),
        Label(language: "ru", text: "Сообщить о поступлении"),
        Label(language: "ru", text: "Снят с производства"),
        Label(language: "uk", text: "Немає в наявності"),
        Label(language: "uk", text: "Закінчився"),
        Label(language: "tr", text: "Tükendi"),
        Label(language: "tr", text: "Stokta yok"),
        Label(language: "tr", text: "Gelince haber ver"),
        Label(language: "tr", text: "Bu ürün şu anda mevcut değil"),
        // hi, ja, zh, ko
        Label(language: "hi", text: "वर्तमान में अनुपलब्ध।"),
        Label(language: "hi", text: "स्टॉक में नहीं है"),
        Label(language: "hi", text: "उपलब्ध नहीं"),
        Label(language: "ja", text: "在庫切れ"),
        Label(language: "ja", text: "売り切れ"),
        Label(language: "ja", text: "SOLD OUT（品切れ中）"),
        Label(language: "ja", text: "販売終了しました"),
        Label(language: "ja", text: "再入荷お知らせ"),
        Label(language: "zh-Hans", text: "缺货"),
        Label(language: "zh-Hans", text: "已售罄"),
        Label(language: "zh-Hans", text: "暂时无货"),
        Label(language: "zh-Hans", text: "到货通知"),
        Label(language: "zh-Hant", text: "已售完"),
        Label(language: "zh-Hant", text: "補貨中"),
        Label(language: "ko", text: "품절"),
        Label(language: "ko", text: "일시품절"),
        Label(language: "ko", text: "재입고 알림 신청"),
        Label(language: "ko", text: "판매종료"),
        // he, ar, vi, th, id
        Label(language: "he", text: "אזל מהמלאי"),
        Label(language: "ar", text: "غير متوفر"),
        Label(language: "ar", text: "نفدت الكمية"),
        Label(language: "vi", text: "Hết hàng"),
        Label(language: "vi", text: "Ngừng kinh doanh"),
        Label(language: "th", text: "สินค้าหมด"),
        Label(language: "id", text: "Stok habis"),
    ]

    static let silent: [Label] = [
        Label(language: "en", text: "Available in three colours"),
        Label(language: "en", text: "Stock photo for illustration only"),
        Label(language: "en", text: "Ships in 2 days"),
        Label(language: "en", text: "Free delivery on orders over £50"),
        Label(language: "en", text: "Write a review"),
        Label(language: "en", text: "Choose options"),
        Label(language: "en", text: "Only 2 days left in our summer sale"),
        Label(language: "en", text: "Unavailability of spare parts is covered by the warranty"),
        Label(language: "en", text: "Made in Laos"),
        Label(language: "de", text: "Nur noch 2 Tage!"),
        Label(language: "de", text: "Erhältlich in drei Größen"),
        Label(language: "de", text: "Jetzt nur noch 19,99 €"),
        Label(language: "fr", text: "Disponible en 3 coloris"),
        Label(language: "fr", text: "Livraison offerte dès 49 €"),
        Label(language: "es", text: "Disponible en varios tamaños"),
        Label(language: "es", text: "Envío gratis en 24 horas"),
        Label(language: "it", text: "Disponibile in diverse misure"),
        Label(language: "pl", text: "Dostępny w trzech kolorach"),
        Label(language: "ru", text: "Продано 500 шт"),
        Label(language: "ru", text: "Доставка 2 дня"),
        Label(language: "ro", text: "Vândut de eMAG"),
        Label(language: "ja", text: "残り3日"),
        Label(language: "ja", text: "送料無料"),
        Label(language: "zh-Hans", text: "七天无理由退货"),
        Label(language: "ko", text: "무료배송"),
        Label(language: "tr", text: "Ücretsiz kargo"),
        Label(language: "sv", text: "Bevaka pris"),
        // Dawn's store pickup block speaks of a store, not of the online offer.
        Label(language: "en", text: "Pickup currently unavailable at Main Street"),
        Label(language: "de", text: "Abholung bei Berlin Mitte derzeit nicht verfügbar"),
        Label(language: "fr", text: "Service de retrait non disponible actuellement à Lyon"),
    ]

    static let schemaValues: [(String, ProductPage.Availability?)] = [
        ("https://schema.org/InStock", .inStock),
        ("http://schema.org/InStock", .inStock),
        ("schema:InStock", .inStock),
        ("InStock", .inStock),
        ("instock", .inStock),
        ("in_stock", .inStock),
        ("in stock", .inStock),
        ("in-stock", .inStock),
        ("IN_STOCK", .inStock),
        ("https://schema.org/LimitedAvailability", .inStock),
        ("https://schema.org/OnlineOnly", .inStock),
        ("https://schema.org/PreOrder", .inStock),
        ("preorder", .inStock),
        ("pre-order", .inStock),
        ("https://schema.org/PreSale", .inStock),
        ("https://schema.org/BackOrder", .inStock),
        ("backorder", .inStock),
        ("https://schema.org/MadeToOrder", .inStock),
        ("https://schema.org/OutOfStock", .outOfStock),
        ("out_of_stock", .outOfStock),
        ("out of stock", .outOfStock),
        ("out-of-stock", .outOfStock),
        ("OUT_OF_STOCK", .outOfStock),
        ("oos", .outOfStock),
        ("https://schema.org/SoldOut", .outOfStock),
        ("https://schema.org/Discontinued", .outOfStock),
        ("https://schema.org/InStoreOnly", .outOfStock),
        ("https://schema.org/Reserved", .outOfStock),
        // Shop wording where a schema value belongs.
        ("Auf Lager", .inStock),
        ("Agotado", .outOfStock),
        ("not in stock", .outOfStock),
        ("", nil),
        ("pending", nil),
        ("https://example.org/vocab/Unknown", nil),
    ]
}
