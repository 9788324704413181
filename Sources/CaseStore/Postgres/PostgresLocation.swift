import Foundation
import NIOSSL
import PostgresNIO

/// Where a PostgreSQL store is: `postgres://user@host:port/database?sslmode=…`, as libpq spells it.
///
/// The password never comes from the URL's argument (it would show in `ps`): it is read from
/// `PGPASSWORD` or `~/.pgpass` as libpq reads them. `host=/path` in the query selects a unix
/// socket directory. Messages name the store without any password.
public struct PostgresLocation: Sendable, Equatable {
    public enum SSLMode: String, Sendable {
        case disable, require
        case verifyFull = "verify-full"
    }

    public var host: String
    public var port: Int
    public var user: String
    public var database: String
    public var sslMode: SSLMode
    /// The certificate authorities `verify-full` trusts: `sslrootcert` (or `PGSSLROOTCERT`), a PEM
    /// file such as the region's own CA; else `~/.postgresql/root.crt` when there is one, as libpq
    /// reads it; else the system's (libpq's `sslrootcert=system`).
    public var rootCertificate: String?
    /// Read from the environment or `~/.pgpass`, never from the URL.
    var password: String?

    /// `postgres://anna@db.zvh.local:5432/schakel`, without the password.
    public var displayName: String {
        let shownHost = host.hasPrefix("/") ? "" : host
        return "postgres://\(user)@\(shownHost):\(port)/\(database)" + (host.hasPrefix("/") ? "?host=\(host)" : "")
    }

    /// True when `text` names a PostgreSQL store rather than a directory.
    public static func isPostgres(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    public init(_ text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(StoreError)
    {
        guard Self.isPostgres(text), let url = URLComponents(string: text) else {
            throw StoreError.badLocation(
                text: Self.withoutPassword(text), reason: "write it as postgres://user@host:port/database")
        }
        if url.password != nil {
            throw StoreError.badLocation(
                text: Self.withoutPassword(text),
                reason: "a password does not belong in the URL (it shows in ps); give it in PGPASSWORD or ~/.pgpass")
        }
        let query = Dictionary(
            (url.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { _, last in last })
        host = query["host"] ?? (url.host?.isEmpty == false ? url.host! : "localhost")
        port = url.port ?? Int(environment["PGPORT"] ?? "") ?? 5432
        user = url.user ?? environment["PGUSER"] ?? environment["USER"] ?? NSUserName()
        let path = url.path.hasPrefix("/") ? String(url.path.dropFirst()) : url.path
        database = path.isEmpty ? (environment["PGDATABASE"] ?? user) : path
        let mode = query["sslmode"] ?? environment["PGSSLMODE"] ?? "disable"
        guard let ssl = SSLMode(rawValue: mode) else {
            throw StoreError.badLocation(
                text: Self.withoutPassword(text), reason: "sslmode takes disable, require or verify-full, not \(mode)")
        }
        sslMode = ssl
        let home = environment["HOME"] ?? NSHomeDirectory()
        if let root = query["sslrootcert"] ?? environment["PGSSLROOTCERT"], root != "system" {
            guard FileIO.exists(root) else {
                throw StoreError.badLocation(
                    text: Self.withoutPassword(text), reason: "sslrootcert: there is no file \(root)")
            }
            rootCertificate = root
        } else if query["sslrootcert"] == nil && environment["PGSSLROOTCERT"] == nil
            && FileIO.exists(home + "/.postgresql/root.crt")
        {
            rootCertificate = home + "/.postgresql/root.crt"
        }
        password =
            environment["PGPASSWORD"]
            ?? Self.pgpass(host: host, port: port, database: database, user: user, environment: environment)
    }

    /// The password from `~/.pgpass` (or `$PGPASSFILE`): lines `host:port:database:user:password`,
    /// `*` matching anything, `\:` and `\\` escaped, the first match wins. libpq ignores the file
    /// when others can read it; so does this.
    static func pgpass(host: String, port: Int, database: String, user: String, environment: [String: String])
        -> String?
    {
        let path = environment["PGPASSFILE"] ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/.pgpass")
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & 0o077 == 0,
            let text = try? String(contentsOfFile: path, encoding: .utf8)
        else {
            return nil
        }
        let wanted = [host.hasPrefix("/") ? "localhost" : host, String(port), database, user]
        for line in text.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
            var fields: [String] = []
            var current = ""
            var escaped = false
            for character in line {
                if escaped {
                    current.append(character)
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == ":" && fields.count < 4 {
                    fields.append(current)
                    current = ""
                } else {
                    current.append(character)
                }
            }
            fields.append(current)
            guard fields.count == 5 else { continue }
            if zip(fields.prefix(4), wanted).allSatisfy({ $0 == "*" || $0 == $1 }) { return fields[4] }
        }
        return nil
    }

    /// The text with any password blanked, also when it does not parse as a URL (everything between
    /// `://` and the last `@` may hold one).
    static func withoutPassword(_ text: String) -> String {
        if var url = URLComponents(string: text) {
            guard url.password != nil else { return text }
            url.password = "****"
            return url.string ?? "postgres://****"
        }
        guard let scheme = text.range(of: "://"), let at = text.range(of: "@", options: .backwards),
            at.lowerBound > scheme.upperBound
        else {
            return text
        }
        return String(text[..<scheme.upperBound]) + "****" + String(text[at.lowerBound...])
    }

    /// postgres-nio's configuration for this location.
    var configuration: PostgresConnection.Configuration {
        get throws(StoreError) {
            if host.hasPrefix("/") {
                return PostgresConnection.Configuration(
                    unixSocketPath: host + "/.s.PGSQL.\(port)", username: user, password: password,
                    database: database)
            }
            let tls: PostgresConnection.Configuration.TLS
            switch sslMode {
            case .disable: tls = .disable
            case .require, .verifyFull:
                var settings = TLSConfiguration.makeClientConfiguration()
                settings.certificateVerification = sslMode == .verifyFull ? .fullVerification : .none
                if sslMode == .verifyFull, let root = rootCertificate {
                    guard let authorities = try? NIOSSLCertificate.fromPEMFile(root), !authorities.isEmpty else {
                        throw StoreError.badLocation(
                            text: displayName, reason: "sslrootcert: \(root) holds no PEM certificate")
                    }
                    settings.trustRoots = .certificates(authorities)
                }
                do {
                    tls = .require(try NIOSSLContext(configuration: settings))
                } catch {
                    throw StoreError.badLocation(text: displayName, reason: "TLS cannot be set up: \(error)")
                }
            }
            var configuration = PostgresConnection.Configuration(
                host: host, port: port, username: user, password: password,
                database: database, tls: tls)
            configuration.options.connectTimeout = .seconds(5)
            return configuration
        }
    }
}
