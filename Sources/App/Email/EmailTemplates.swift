import Foundation
import MantisCore

/// The text and HTML of every email Mantis sends. User-controlled text (product titles, URLs) is escaped in
/// the HTML part; headers are made safe by the renderer.
struct EmailTemplates: Sendable {
    let frontendURL: String

    func verification(to address: String, token: String) -> EmailMessage {
        let link = "\(frontendURL)/verify-email?token=\(token)"
        return EmailMessage(
            to: address,
            subject: "Confirm your email for Mantis",
            text: """
                Welcome to Mantis.

                Confirm your email address by opening this link (valid for 24 hours):
                \(link)

                If you did not create an account, ignore this message.
                """,
            html: page("""
                <p>Welcome to Mantis.</p>
                <p><a href="\(escape(link))">Confirm your email address</a> (valid for 24 hours).</p>
                <p>If you did not create an account, ignore this message.</p>
                """))
    }

    func passwordReset(to address: String, token: String) -> EmailMessage {
        let link = "\(frontendURL)/reset-password?token=\(token)"
        return EmailMessage(
            to: address,
            subject: "Reset your Mantis password",
            text: """
                Someone asked to reset the password of your Mantis account.

                Choose a new password here (valid for 1 hour, once):
                \(link)

                If it was not you, ignore this message; your password stays as it is.
                """,
            html: page("""
                <p>Someone asked to reset the password of your Mantis account.</p>
                <p><a href="\(escape(link))">Choose a new password</a> (valid for 1 hour, once).</p>
                <p>If it was not you, ignore this message; your password stays as it is.</p>
                """))
    }

    func passwordChanged(to address: String, at date: Date) -> EmailMessage {
        let when = MIMEMessageRenderer.rfc5322Date(date)
        let link = "\(frontendURL)/login"
        return EmailMessage(
            to: address,
            subject: "Your Mantis password was changed",
            text: """
                The password of your Mantis account was changed on \(when).
                Every other session was signed out.

                If this was not you, reset your password now: \(link)
                """,
            html: page("""
                <p>The password of your Mantis account was changed on \(escape(when)).
                Every other session was signed out.</p>
                <p>If this was not you, <a href="\(escape(link))">reset your password now</a>.</p>
                """))
    }

    struct Alert {
        let productID: UUID
        let title: String
        let storeURL: String
        let oldPrice: String?
        let newPrice: String?
        let currency: String?
        let reasons: [PriceAlertRules.Reason]
    }

    func priceAlert(to address: String, _ alert: Alert) -> EmailMessage {
        let productLink = "\(frontendURL)/product/\(alert.productID.uuidString.lowercased())"
        // In the currency's own notation ("NT$99.00", "99,00 kr."), never "99.00 $".
        let money = { (price: String?) in price.map { MoneyFormatter.format($0, currency: alert.currency) } ?? "unknown" }
        let lines = alert.reasons.map { reason -> String in
            switch reason {
            case .targetReached(let target): "The price reached your target of \(money(target.decimalString))."
            case .droppedByPercent(let from, let percent): "The price fell by \(percent)% or more from \(money(from.decimalString))."
            case .backInStock: "It is back in stock."
            }
        }
        let shortTitle = alert.title.count > 60 ? String(alert.title.prefix(57)) + "…" : alert.title
        return EmailMessage(
            to: address,
            subject: "Price drop: \(shortTitle) now \(money(alert.newPrice))",
            text: """
                \(alert.title)

                Was: \(money(alert.oldPrice))
                Now: \(money(alert.newPrice))
                \(lines.joined(separator: "\n"))

                Price history in Mantis: \(productLink)
                Buy at the store: \(alert.storeURL)
                """,
            html: page("""
                <h1 style="font-size:18px">\(escape(alert.title))</h1>
                <p>Was: <s>\(escape(money(alert.oldPrice)))</s><br>Now: <strong>\(escape(money(alert.newPrice)))</strong></p>
                <ul>\(lines.map { "<li>\(escape($0))</li>" }.joined())</ul>
                <p><a href="\(escape(productLink))">Price history in Mantis</a> · <a href="\(escape(alert.storeURL))">Buy at the store</a></p>
                """))
    }

    func test(to address: String) -> EmailMessage {
        EmailMessage(
            to: address,
            subject: "Mantis test email ✓",
            text: "This is a test message from Mantis. If you can read it, email delivery works.",
            html: page("<p>This is a test message from Mantis. If you can read it, email delivery works.</p>"))
    }

    private func page(_ body: String) -> String {
        """
        <!doctype html><html><body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1c1c1c">
        \(body)
        <p style="color:#666;font-size:12px">Sent by Mantis, your price tracker.</p>
        </body></html>
        """
    }

    func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&#39;")
    }
}
