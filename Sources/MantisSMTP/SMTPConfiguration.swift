/// Where and how to deliver mail.
public struct SMTPConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// Set both to authenticate (`AUTH PLAIN`, else `AUTH LOGIN`); leave both nil for a relay that needs no login.
    public var username: String?
    public var password: String?
    public var tls: TLSMode
    /// Path of a PEM file with extra CA certificates to trust besides the system's (e.g. a private CA).
    public var caFile: String?
    /// Leave on. Turning it off accepts any certificate, which lets anyone on the path read the mail
    /// and the password: for tests only.
    public var verifyCertificates: Bool
    /// The name this client gives in `EHLO`/`HELO`; a fully qualified domain name is best.
    public var heloName: String
    public var timeouts: SMTPTimeouts

    public init(
        host: String,
        port: Int,
        username: String? = nil,
        password: String? = nil,
        tls: TLSMode = .startTLS,
        caFile: String? = nil,
        verifyCertificates: Bool = true,
        heloName: String = "localhost",
        timeouts: SMTPTimeouts = SMTPTimeouts()
    ) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.tls = tls
        self.caFile = caFile
        self.verifyCertificates = verifyCertificates
        self.heloName = heloName
        self.timeouts = timeouts
    }
}

extension SMTPConfiguration: CustomStringConvertible {
    // Hand-written so that printing or logging a configuration never shows the password.
    public var description: String {
        var parts = ["\(host):\(port)", tls.description]
        if let username { parts.append("user \(username)") }
        if password != nil { parts.append("password set") }
        if let caFile { parts.append("CA file \(caFile)") }
        if !verifyCertificates { parts.append("certificates NOT verified") }
        return "SMTPConfiguration(" + parts.joined(separator: ", ") + ")"
    }
}

extension SMTPConfiguration: CustomDebugStringConvertible {
    public var debugDescription: String { description }
}

extension SMTPConfiguration: CustomReflectable {
    // `dump()` and debuggers walk the mirror: keep the password out of it too.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "host": host, "port": port, "username": username as Any,
                "password": (password == nil ? "nil" : "***") as Any, "tls": tls, "caFile": caFile as Any,
                "verifyCertificates": verifyCertificates, "heloName": heloName, "timeouts": timeouts,
            ],
            displayStyle: .struct
        )
    }
}
