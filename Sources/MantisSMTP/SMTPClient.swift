import NIOCore
import NIOPosix
import NIOSSL

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Delivers messages to one SMTP server (a relay or the submission port of a mail provider).
///
/// Each ``send(from:to:data:)`` opens its own connection, delivers one message and says `QUIT`,
/// so a client can be shared freely between tasks.
public struct SMTPClient: Sendable {
    public let configuration: SMTPConfiguration
    private let eventLoopGroup: any EventLoopGroup
    /// Built once: loading the system's trust store for every message would be slow.
    private let tlsContext: Result<NIOSSLContext?, SMTPError>

    public init(
        configuration: SMTPConfiguration,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) {
        self.configuration = configuration
        self.eventLoopGroup = eventLoopGroup
        self.tlsContext = Result { () throws(SMTPError) in try Self.makeTLSContext(for: configuration) }
    }

    /// Sends one message.
    ///
    /// - Parameters:
    ///   - from: The envelope sender (`MAIL FROM`); an empty string sends the null sender `<>` used for bounces.
    ///   - to: The envelope recipients (`RCPT TO`). Delivery is all or nothing: if the server refuses
    ///     any one of them, the message is not sent at all and the refusal is thrown.
    ///   - data: The whole RFC 5322 message, headers and body. Line endings are normalised to CRLF and
    ///     lines starting with `.` are escaped here, so the text is sent exactly as given.
    /// - Returns: What the server said on accepting the message.
    /// - Throws: ``SMTPError`` (or `CancellationError` if the task is cancelled).
    public func send(from: String, to recipients: [String], data: String) async throws -> SMTPDeliveryReport {
        if !from.isEmpty { try SMTPEnvelopeAddress.validate(from) }
        guard !recipients.isEmpty else { throw SMTPError.noRecipients }
        for recipient in recipients { try SMTPEnvelopeAddress.validate(recipient) }
        return try await session { connection, tlsContext, credentials in
            try await converse(
                on: connection,
                tlsContext: tlsContext,
                credentials: credentials,
                from: from,
                recipients: recipients,
                data: data
            )
        }
    }

    /// Checks that the server can be reached and will take mail from this configuration — greeting, EHLO,
    /// STARTTLS or implicit TLS as configured, AUTH — then says `QUIT` without sending anything.
    /// - Returns: whether the session was encrypted and the AUTH mechanism used.
    public func check() async throws -> (encrypted: Bool, authMechanism: SMTPAuthMechanism?) {
        try await session { connection, tlsContext, credentials in
            let opened = try await open(on: connection, tlsContext: tlsContext, credentials: credentials)
            return (opened.encrypted, opened.mechanism)
        }
    }

    /// One connection for `body`: checks the configuration, connects (with TLS at once for implicit TLS), runs
    /// `body`, then says QUIT — also after a refusal, while the server still listens — or just closes. Errors
    /// never carry the password.
    private func session<T>(
        _ body: (SMTPConnection, NIOSSLContext?, (username: String, password: String)?) async throws -> T
    ) async throws -> T {
        let credentials = try credentials()
        let tlsContext = try tlsContext.get()
        try checkHeloName()
        let connection = try await connect(tlsContext: configuration.tls == .implicitTLS ? tlsContext : nil)
        do {
            let result = try await body(connection, tlsContext, credentials)
            await quit(connection)
            return result
        } catch let error as SMTPError {
            // A polite QUIT when the server is still listening (after a refusal), else just close.
            if error.isReplyFromServer { await quit(connection) } else { await connection.close() }
            throw error.redacting(configuration.password)
        } catch {
            await connection.close()
            throw error
        }
    }

    // MARK: - The conversation

    /// Greeting, EHLO, STARTTLS when configured, and AUTH when there are credentials: everything before the
    /// envelope.
    private func open(
        on connection: SMTPConnection, tlsContext: NIOSSLContext?, credentials: (username: String, password: String)?
    ) async throws -> (encrypted: Bool, mechanism: SMTPAuthMechanism?, capabilities: SMTPServerCapabilities) {
        let timeouts = configuration.timeouts
        var encrypted = configuration.tls == .implicitTLS

        let greeting = try await step(.greeting) { try await connection.greeting(timeout: timeouts.command) }
        guard greeting.code == 220 else {
            throw SMTPError.rejected(step: .greeting, code: greeting.code, message: greeting.message)
        }

        var capabilities = try await hello(on: connection)

        if configuration.tls == .startTLS {
            // Never carry on in cleartext: that's what an attacker stripping STARTTLS would want.
            guard capabilities.supportsStartTLS else { throw SMTPError.tlsUnavailable }
            guard let tlsContext else { throw SMTPError.invalidConfiguration("no TLS context") }
            let reply = try await step(.startTLS) {
                try await connection.startTLS(
                    context: tlsContext,
                    serverHostname: serverHostname,
                    timeout: timeouts.command
                )
            }
            guard reply.code == 220 else {
                throw SMTPError.rejected(step: .startTLS, code: reply.code, message: reply.message)
            }
            encrypted = true
            // RFC 3207: forget what was learnt in cleartext and ask again.
            capabilities = try await hello(on: connection)
        }

        var mechanism: SMTPAuthMechanism?
        if let credentials {
            mechanism = try await authenticate(on: connection, capabilities: capabilities, credentials: credentials)
        }
        return (encrypted, mechanism, capabilities)
    }

    private func converse(
        on connection: SMTPConnection,
        tlsContext: NIOSSLContext?,
        credentials: (username: String, password: String)?,
        from: String,
        recipients: [String],
        data: String
    ) async throws -> SMTPDeliveryReport {
        let timeouts = configuration.timeouts
        let (encrypted, mechanism, capabilities) = try await open(on: connection, tlsContext: tlsContext, credentials: credentials)

        let payload = SMTPMessageData.encode(data)
        var mailFrom = "MAIL FROM:<\(from)>"
        if capabilities.supports("SIZE") { mailFrom += " SIZE=\(payload.count)" }
        if capabilities.supports8BitMIME, payload.contains(where: { $0 >= 0x80 }) { mailFrom += " BODY=8BITMIME" }
        if capabilities.supportsSMTPUTF8, ([from] + recipients).contains(where: { !$0.utf8.allSatisfy { $0 < 0x80 } }) {
            mailFrom += " SMTPUTF8"
        }
        try await expect(.mailFrom, mailFrom, on: connection) { $0 == 250 }
        for recipient in recipients {
            try await expect(.rcptTo, "RCPT TO:<\(recipient)>", on: connection) { $0 == 250 || $0 == 251 }
        }
        try await expect(.data, "DATA", on: connection) { $0 == 354 }
        let verdict = try await step(.messageData) {
            try await connection.messageData(payload, timeout: timeouts.messageData)
        }
        guard verdict.code == 250 else {
            throw SMTPError.rejected(step: .messageData, code: verdict.code, message: verdict.message)
        }
        return SMTPDeliveryReport(
            recipients: recipients, reply: verdict, encrypted: encrypted, authMechanism: mechanism)
    }

    /// `EHLO`, or `HELO` for an old server that refuses `EHLO` outright (5xx).
    private func hello(on connection: SMTPConnection) async throws -> SMTPServerCapabilities {
        let ehlo = try await command(.ehlo, "EHLO \(configuration.heloName)", on: connection)
        if ehlo.code == 250 { return SMTPServerCapabilities(ehloReply: ehlo) }
        guard (500...599).contains(ehlo.code) else {
            throw SMTPError.rejected(step: .ehlo, code: ehlo.code, message: ehlo.message)
        }
        try await expect(.helo, "HELO \(configuration.heloName)", on: connection) { $0 == 250 }
        return SMTPServerCapabilities()
    }

    private func authenticate(
        on connection: SMTPConnection,
        capabilities: SMTPServerCapabilities,
        credentials: (username: String, password: String)
    ) async throws -> SMTPAuthMechanism {
        guard let mechanism = SMTPAuthMechanism.preferred(among: capabilities.authMechanisms) else {
            throw SMTPError.authenticationUnavailable(offered: capabilities.authMechanisms)
        }
        let username = Self.base64(credentials.username)
        let password = Self.base64(credentials.password)
        var reply: SMTPReply
        switch mechanism {
        case .plain:
            // RFC 4616: authorisation id (empty: same as the user), user, password, NUL-separated.
            reply = try await command(
                .auth, "AUTH PLAIN " + Self.base64("\0\(credentials.username)\0\(credentials.password)"), on: connection
            )
        case .login:
            // Not standardised: the server asks for the user name, then the password.
            reply = try await command(.auth, "AUTH LOGIN", on: connection)
            if reply.code == 334 { reply = try await command(.auth, username, on: connection) }
            if reply.code == 334 { reply = try await command(.auth, password, on: connection) }
        }
        guard reply.code == 235 else {
            throw SMTPError.authenticationFailed(code: reply.code, message: reply.message)
        }
        return mechanism
    }

    private func quit(_ connection: SMTPConnection) async {
        // Best effort: the message is already delivered (or refused); only tidiness is at stake.
        if connection.isActive {
            _ = try? await connection.command("QUIT", timeout: min(configuration.timeouts.command, .seconds(5)))
        }
        await connection.close()
    }

    // MARK: - Steps and errors

    /// Sends a command and throws unless the reply code is one `accepted` approves.
    @discardableResult
    private func expect(
        _ step: SMTPStep,
        _ line: String,
        on connection: SMTPConnection,
        accepted: (Int) -> Bool
    ) async throws -> SMTPReply {
        let reply = try await command(step, line, on: connection)
        guard accepted(reply.code) else {
            throw SMTPError.rejected(step: step, code: reply.code, message: reply.message)
        }
        return reply
    }

    private func command(_ step: SMTPStep, _ line: String, on connection: SMTPConnection) async throws -> SMTPReply {
        try await self.step(step) { try await connection.command(line, timeout: configuration.timeouts.command) }
    }

    /// Runs one exchange and names `step` in any failure of the transport.
    private func step(_ step: SMTPStep, _ exchange: () async throws -> SMTPReply) async throws -> SMTPReply {
        do {
            return try await exchange()
        } catch let error as SMTPTransportError {
            if Task.isCancelled { throw CancellationError() }
            throw SMTPError(error, during: step, implicitTLS: configuration.tls == .implicitTLS)
        }
    }

    private func connect(tlsContext: NIOSSLContext?) async throws -> SMTPConnection {
        do {
            return try await SMTPConnection.connect(
                host: configuration.host,
                port: configuration.port,
                timeout: configuration.timeouts.connect,
                implicitTLS: tlsContext.map { ($0, serverHostname) },
                group: eventLoopGroup
            )
        } catch ChannelError.connectTimeout {
            throw SMTPError.timeout(step: .connect)
        } catch let error as NIOConnectionError {
            throw SMTPError.connectionFailed(
                host: configuration.host, port: configuration.port, reason: Self.describe(error))
        } catch {
            if Task.isCancelled { throw CancellationError() }
            throw SMTPError.connectionFailed(
                host: configuration.host,
                port: configuration.port,
                reason: String(describing: error)
            )
        }
    }

    // MARK: - Configuration checks

    private func credentials() throws(SMTPError) -> (username: String, password: String)? {
        switch (configuration.username, configuration.password) {
        case (nil, nil):
            return nil
        case (let username?, let password?):
            // A CR/LF would end the command early; a NUL would corrupt AUTH PLAIN's fields.
            guard !username.isEmpty, !username.contains(where: { $0 == "\0" || $0.isNewline }),
                !password.contains(where: { $0 == "\0" })
            else {
                throw .invalidConfiguration(
                    "the user name is empty or has a control character, or the password has a NUL")
            }
            return (username, password)
        default:
            throw .invalidConfiguration("set both username and password, or neither")
        }
    }

    private func checkHeloName() throws(SMTPError) {
        let name = configuration.heloName
        guard !name.isEmpty, !name.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F }) else {
            throw .invalidConfiguration("heloName must be a host name without spaces or control characters")
        }
    }

    /// SNI and certificate name check use the host name; for an IP address the certificate is
    /// checked against the address instead (TLS forbids IP addresses in SNI).
    private var serverHostname: String? {
        (try? SocketAddress(ipAddress: configuration.host, port: 0)) == nil ? configuration.host : nil
    }

    private static func makeTLSContext(for configuration: SMTPConfiguration) throws(SMTPError) -> NIOSSLContext? {
        guard configuration.tls != .none else { return nil }
        var tls = TLSConfiguration.makeClientConfiguration()
        if let caFile = configuration.caFile {
            // Read now: a missing file would otherwise surface later as a vague handshake error.
            let certificates: [NIOSSLCertificate]
            do {
                certificates = try NIOSSLCertificate.fromPEMFile(caFile)
            } catch {
                throw .invalidConfiguration("cannot read CA file \(caFile): \(error)")
            }
            guard !certificates.isEmpty else { throw .invalidConfiguration("no certificates in CA file \(caFile)") }
            tls.additionalTrustRoots = [.certificates(certificates)]
        }
        if !configuration.verifyCertificates { tls.certificateVerification = .none }
        do {
            return try NIOSSLContext(configuration: tls)
        } catch {
            throw .invalidConfiguration("cannot set up TLS: \(error)")
        }
    }

    private static func base64(_ text: String) -> String {
        Data(text.utf8).base64EncodedString()
    }

    private static func describe(_ error: NIOConnectionError) -> String {
        let attempts = error.connectionErrors.map {
            "\($0.target): \(($0.error as? IOError)?.description ?? String(describing: $0.error))"
        }
        if !attempts.isEmpty { return attempts.joined(separator: "; ") }
        if let dnsError = error.dnsAError ?? error.dnsAAAAError { return "cannot resolve host: \(dnsError)" }
        return "no address found for the host"
    }
}

extension SMTPError {
    init(_ error: SMTPTransportError, during step: SMTPStep, implicitTLS: Bool) {
        switch error {
        case .timedOut:
            self = .timeout(step: step)
        case .closed:
            self = .connectionLost(step: step, reason: "the server closed the connection")
        case .io(let reason):
            self = .connectionLost(step: step, reason: reason)
        case .tls(let reason):
            // With implicit TLS the handshake runs while we wait for the greeting.
            self = .tlsFailed(step: implicitTLS && step == .greeting ? .tlsHandshake : step, reason: reason)
        case .protocolViolation(let reason):
            self = .protocolError(step: step, reason: reason)
        }
    }

    /// Whether the server answered (so the connection still works and `QUIT` is worth sending).
    var isReplyFromServer: Bool {
        switch self {
        case .rejected, .authenticationFailed, .authenticationUnavailable, .tlsUnavailable: true
        default: false
        }
    }

    /// The same error with every trace of `secret` (as given or in base64) replaced by `***`,
    /// in case a server echoes what it was sent.
    func redacting(_ secret: String?) -> SMTPError {
        guard let secret, !secret.isEmpty else { return self }
        let forms = [secret, Data(secret.utf8).base64EncodedString()]
        func clean(_ text: String) -> String {
            forms.reduce(text) { $0.replacing($1, with: "***") }
        }
        switch self {
        case .authenticationFailed(let code, let message):
            return .authenticationFailed(code: code, message: clean(message))
        case .rejected(let step, let code, let message):
            return .rejected(step: step, code: code, message: clean(message))
        case .protocolError(let step, let reason): return .protocolError(step: step, reason: clean(reason))
        default: return self
        }
    }
}
