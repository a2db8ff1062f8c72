import CLibSecret
import Foundation

/// Refresh tokens in the user's Secret Service keyring (GNOME Keyring, KeePassXC, KWallet…) through libsecret:
/// one item per server, schema `org.mantis.desktop.RefreshToken` with the attribute `server` = the server's
/// origin, in the default collection. The calls are libsecret's synchronous ones and may wait on D-Bus (or on
/// a prompt to unlock the keyring), so callers keep them off the GTK thread.
public final class SecretServiceTokenStore: RefreshTokenStore, @unchecked Sendable {
    public static let schemaName = "org.mantis.desktop.RefreshToken"

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Built once and never freed: libsecret keeps a pointer to it for as long as items are looked up.
    nonisolated(unsafe) private static let schema: UnsafeMutablePointer<SecretSchema> = {
        let types = g_hash_table_new(g_str_hash, g_str_equal)
        // GINT_TO_POINTER(SECRET_SCHEMA_ATTRIBUTE_STRING), which is 0.
        g_hash_table_insert(types, UnsafeMutableRawPointer(mutating: ("server" as StaticString).utf8Start), nil)
        let schema = secret_schema_newv(schemaName, SECRET_SCHEMA_NONE, types)!
        g_hash_table_unref(types)
        return schema
    }()

    public init() {}

    /// Whether a Secret Service is on the session bus, running or activatable, asked without starting it
    /// (org.freedesktop.DBus.NameHasOwner / ListActivatableNames). No session bus means no keyring.
    public static func serviceAvailable() -> Bool {
        var error: UnsafeMutablePointer<GError>?
        guard let bus = g_bus_get_sync(G_BUS_TYPE_SESSION, nil, &error) else {
            if error != nil { g_error_free(error) }
            return false
        }
        defer { g_object_unref(UnsafeMutableRawPointer(bus)) }
        let name = "org.freedesktop.secrets"
        if let owned = call(bus, "NameHasOwner", argument: name), g_variant_get_boolean(owned) != 0 { return true }
        guard let list = call(bus, "ListActivatableNames", argument: nil) else { return false }
        defer { g_variant_unref(list) }
        var count: gsize = 0
        guard let names = g_variant_get_strv(list, &count) else { return false }
        defer { g_free(names) }
        return (0..<Int(count)).contains { names[$0].map { String(cString: $0) } == name }
    }

    /// Calls a method of the bus itself; the first value of the reply, or nil on any error.
    private static func call(_ bus: OpaquePointer, _ method: String, argument: String?) -> OpaquePointer? {
        var parameters: OpaquePointer?
        if let argument {
            var child: OpaquePointer? = g_variant_new_string(argument)
            parameters = g_variant_new_tuple(&child, 1)
        }
        var error: UnsafeMutablePointer<GError>?
        guard let reply = g_dbus_connection_call_sync(
            bus, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", method, parameters, nil,
            G_DBUS_CALL_FLAGS_NO_AUTO_START, 5000, nil, &error)
        else {
            if error != nil { g_error_free(error) }
            return nil
        }
        defer { g_variant_unref(reply) }
        return g_variant_get_child_value(reply, 0)
    }

    public func load(server: String) throws -> String? {
        try withAttributes(server: server) { attributes in
            var error: UnsafeMutablePointer<GError>?
            let secret = secret_password_lookupv_sync(Self.schema, attributes, nil, &error)
            try Self.check(error, "looking up the refresh token in the keyring")
            guard let secret else { return nil }
            defer { secret_password_free(secret) }
            return String(cString: secret)
        }
    }

    public func save(_ token: String, server: String) throws {
        try withAttributes(server: server) { attributes in
            var error: UnsafeMutablePointer<GError>?
            let stored = secret_password_storev_sync(
                Self.schema, attributes, "default", "Mantis sign-in for \(server)", token, nil, &error)
            try Self.check(error, "saving the refresh token in the keyring")
            if stored == 0 { throw Failure(description: "the keyring did not save the refresh token") }
        }
    }

    public func clear(server: String) throws {
        try withAttributes(server: server) { attributes in
            var error: UnsafeMutablePointer<GError>?
            // FALSE without an error means there was nothing to remove.
            _ = secret_password_clearv_sync(Self.schema, attributes, nil, &error)
            try Self.check(error, "removing the refresh token from the keyring")
        }
    }

    private func withAttributes<T>(server: String, _ body: (OpaquePointer) throws -> T) throws -> T {
        let attributes = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free)!
        defer { g_hash_table_unref(attributes) }
        g_hash_table_insert(attributes, g_strdup("server"), g_strdup(server))
        return try body(attributes)
    }

    private static func check(_ error: UnsafeMutablePointer<GError>?, _ what: String) throws {
        guard let error else { return }
        let message = error.pointee.message.map { String(cString: $0) } ?? "unknown error"
        g_error_free(error)
        throw Failure(description: "\(what): \(message)")
    }
}
