import Vapor

func routes(_ app: Application) throws {
    try app.register(collection: HealthController())
    try app.register(collection: AccountController())
    try app.register(collection: DataExportController())
    try app.register(collection: SignInController())
    try app.register(collection: SessionController())
    try app.register(collection: EmailVerificationController())
    try app.register(collection: PasswordResetController())
    try app.register(collection: ProductController())
    try app.register(collection: PriceRuleController())
    if let metrics = app.mantis.metrics {
        try app.register(collection: MetricsController(metrics: metrics, access: MetricsAccess(token: app.mantis.config.metricsToken)))
    }
}
