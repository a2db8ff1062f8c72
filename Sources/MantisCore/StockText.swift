/// Reads availability from schema.org values and from words shops put on buttons and labels.
enum StockText {
    /// "https://schema.org/InStock", "instock", "in stock", "out_of_stock", "SoldOut"...
    static func schemaValue(_ value: String?) -> ProductPage.Availability? {
        guard let value else { return nil }
        let compact = value.lowercased().filter { $0.isLetter }
        if compact.hasSuffix("outofstock") || compact.hasSuffix("soldout") || compact.hasSuffix("discontinued")
            || compact.hasSuffix("instoreonly") || compact == "oos" || compact.hasSuffix("unavailable")
        {
            return .outOfStock
        }
        if compact.hasSuffix("instock") || compact.hasSuffix("limitedavailability") || compact.hasSuffix("onlineonly")
            || compact == "available"
        {
            return .inStock
        }
        return nil
    }

    /// Phrases that say the product cannot be bought now, in the languages of the shops Mantis meets.
    static let outOfStockPhrases: [String] = [
        "out of stock", "sold out", "currently unavailable", "no longer available", "not available", "unavailable",
        "ausverkauft", "nicht verfügbar", "nicht lieferbar", "derzeit nicht", "nicht mehr verfügbar",
        "épuisé", "rupture de stock", "indisponible", "non disponible", "esaurito", "non disponibile",
        "agotado", "no disponible", "sin stock", "esgotado", "indisponível", "niet op voorraad", "uitverkocht",
        "niet leverbaar", "brak w magazynie", "niedostępny", "wyprzedany", "vyprodáno", "není skladem",
        "nedostupné", "vypredané", "nie je skladom", "нет в наличии", "немає в наявності", "закончился",
        "slutsåld", "slut i lager", "udsolgt", "utsolgt", "ikke på lager", "loppuunmyyty", "tükendi", "stokta yok",
        "品切れ", "在庫切れ", "売り切れ", "缺貨", "售完", "已售完", "補貨中", "품절", "일시품절", "אזל", "אינו במלאי",
        "לא במלאי", "غير متوفر", "نفدت الكمية", "hết hàng", "สินค้าหมด",
    ]

    /// Phrases of a working buy button or a positive stock label.
    static let inStockPhrases: [String] = [
        "in stock", "add to cart", "add to basket", "add to bag", "add to trolley", "buy now", "buy it now",
        "auf lager", "in den warenkorb", "sofort lieferbar", "lieferbar", "jetzt kaufen", "en stock",
        "ajouter au panier", "acheter", "disponible", "disponibile", "aggiungi al carrello", "compra ora",
        "añadir al carrito", "añadir a la cesta", "agregar al carrito", "comprar", "em estoque",
        "adicionar ao carrinho", "op voorraad", "in winkelwagen", "dostępny", "do koszyka", "kup teraz",
        "skladem", "do košíku", "do košíka", "na sklade", "в наличии", "в корзину", "купить", "у кошик",
        "i lager", "på lager", "lägg i varukorgen", "læg i kurv", "legg i handlekurven", "varastossa",
        "lisää ostoskoriin", "sepete ekle", "在庫あり", "カートに入れる", "加入購物車", "立即購買", "放入購物車",
        "加入购物车", "立即购买", "장바구니", "구매하기", "바로구매", "הוסף לסל", "הוספה לסל", "במלאי", "أضف إلى",
        "أضف الى", "thêm vào giỏ", "mua ngay", "หยิบใส่ตะกร้า", "kosárba",
    ]

    /// The availability a short label or button text states, out-of-stock phrases first
    /// ("not available" must not read as "available").
    static func phrase(in text: String) -> ProductPage.Availability? {
        let lowered = text.lowercased()
        if outOfStockPhrases.contains(where: { lowered.contains($0) }) { return .outOfStock }
        if inStockPhrases.contains(where: { lowered.contains($0) }) { return .inStock }
        return nil
    }
}
