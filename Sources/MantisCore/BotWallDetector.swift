/// Recognises the pages stores answer with instead of the product when they suspect a robot
/// (CAPTCHA, JavaScript challenge). Such a check is a failure to retry later, not "no price".
public enum BotWallDetector {
    private static let markers = [
        "g-recaptcha", "h-captcha", "hcaptcha.com", "/captcha", "captcha-delivery", "px-captcha", "cf-challenge",
        "challenge-platform", "cf_chl_", "robot check", "are you a robot", "not a robot", "verify you are human",
        "unusual traffic", "automated access", "bot detection",
    ]

    /// The marker found, if the page looks like a wall. Large pages are real pages that merely embed a widget.
    public static func wallMarker(in html: String) -> String? {
        guard html.utf8.count < 400_000 else { return nil }
        let lowered = html.lowercased()
        return markers.first { lowered.contains($0) }
    }
}
