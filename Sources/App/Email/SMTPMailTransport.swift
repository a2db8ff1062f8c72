import MantisSMTP
import NIOCore

/// Delivers over SMTP with `MantisSMTP`, translating its errors into the outbox's retry language.
struct SMTPMailTransport: MailTransport {
    let client: SMTPClient

    init(settings: AppConfig.SMTPSettings, heloName: String, eventLoopGroup: any EventLoopGroup) {
        let tls: TLSMode = switch settings.security {
        case .starttls: .startTLS
        case .tls: .implicitTLS
        case .none: .none
        }
        client = SMTPClient(
            configuration: SMTPConfiguration(
                host: settings.host, port: settings.port, username: settings.username, password: settings.password, tls: tls,
                caFile: settings.caFile, verifyCertificates: settings.verifyCertificates, heloName: heloName),
            eventLoopGroup: eventLoopGroup)
    }

    func send(_ email: OutgoingEmail) async throws {
        do {
            _ = try await client.send(from: email.envelopeFrom, to: [email.recipient], data: email.data)
        } catch let error as SMTPError {
            // SMTPError's description names the failing step and never contains the password.
            throw MailDeliveryError(description: error.description, isPermanent: error.isPermanent)
        }
    }
}
