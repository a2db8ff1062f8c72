import Fluent

/// Every migration, in order. Migrations are never edited once shipped; a change is a new one.
enum Migrations {
    static let all: [any Migration] = [
        CreateUser(),
        CreateUserSession(),
        CreateRotatedRefreshToken(),
        CreateAccountToken(),
        CreateProduct(),
        CreatePricePoint(),
        UpdateProductAddScheduling(),
        CreateProductCheck(),
        CreateEmailOutbox(),
        UpdateUserAddEmailPreferences(),
        UpdateProductAddAlerts(),
        CreateRateLimitCounter(),
        UpdateProductAddPriceSummary(),
        CreateProductListIndex(),
        UpdateUserAddProductsVersion(),
        CreateProductDueIndex(),
        UpdateProductAddPriceRule(),
        UpdateProductCheckAddPriceSource(),
        UpdateProductsVersionTrigger(),
    ]
}
