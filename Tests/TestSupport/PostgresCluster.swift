import Foundation

/// A throwaway PostgreSQL cluster for the tests: `initdb` into a temporary directory, listening on
/// loopback and a unix socket in that directory only, password authentication (scram) for TCP,
/// stopped when the test process exits. PostgreSQL refuses to run as root, so as root the cluster
/// runs as the `postgres` user. Started once per test process, on first use; each test makes a
/// database of its own.
public final class PostgresCluster: @unchecked Sendable {
    public let directory: String
    public let port: Int
    public let superuser = "schakel_test"
    public let password: String
    private let binaries: String
    private let lock = NSLock()
    private var databases = 0

    /// The cluster, or why there is none (PostgreSQL not installed, initdb failed).
    public static let shared: Result<PostgresCluster, ClusterError> = {
        do throws(ClusterError) { return .success(try PostgresCluster()) } catch { return .failure(error) }
    }()

    public struct ClusterError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Whether the server speaks TLS (a self-signed certificate made for the run).
    public let tls: Bool

    private var serverOptions: String {
        "-c listen_addresses=127.0.0.1 -c port=\(port) -c unix_socket_directories=\(directory) -c max_connections=200"
            + (tls ? " -c ssl=on -c ssl_cert_file=\(directory)/server.crt -c ssl_key_file=\(directory)/server.key" : "")
    }

    private init(tls: Bool = false) throws(ClusterError) {
        self.tls = tls
        guard let bin = Self.findBinaries() else {
            throw ClusterError(
                description: "no PostgreSQL server binaries under /usr/lib/postgresql (apt-get install postgresql)")
        }
        binaries = bin
        directory = "/tmp/schakel-pg-" + UUID().uuidString.prefix(8).lowercased()
        password = UUID().uuidString
        port = Self.freePort()
        do { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) } catch {
            throw ClusterError(description: "cannot make \(directory): \(error)")
        }
        let passwordFile = directory + "/pw"
        FileManager.default.createFile(
            atPath: passwordFile, contents: Data(password.utf8), attributes: [.posixPermissions: 0o600])
        if tls {
            let made = try? Spawn.run(
                "/usr/bin/openssl",
                [
                    "req", "-new", "-x509", "-days", "2", "-nodes", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", directory + "/server.key", "-out", directory + "/server.crt",
                ],
                environment: ["PATH": "/usr/bin:/bin"])
            guard made?.status == 0 else {
                throw ClusterError(description: "openssl could not make a certificate: \(made?.stderr ?? "")")
            }
            chmod(directory + "/server.key", 0o600)
        }
        if getuid() == 0 { _ = try? Spawn.run("/bin/chown", ["-R", "postgres:postgres", directory], environment: [:]) }
        let initdb = try run(
            bin + "/initdb",
            [
                "-D", directory + "/data", "-U", superuser, "--pwfile", passwordFile, "-E", "UTF8",
                "--auth-local=trust", "--auth-host=scram-sha-256", "--no-sync",
            ])
        guard initdb.status == 0 else { throw ClusterError(description: "initdb failed: \(initdb.stderr)") }
        let start = try run(
            bin + "/pg_ctl",
            ["-D", directory + "/data", "-l", directory + "/log", "-w", "-t", "60", "-o", serverOptions, "start"])
        guard start.status == 0 else {
            let log = (try? String(contentsOfFile: directory + "/log", encoding: .utf8)) ?? ""
            throw ClusterError(description: "pg_ctl start failed: \(start.stderr) \(log)")
        }
        Self.registry.lock()
        if Self.running.isEmpty { atexit { PostgresCluster.stopAll() } }
        Self.running.append(self)
        Self.registry.unlock()
    }

    /// A cluster of its own, for a test that stops and starts the server (others keep `shared`).
    public static func start(tls: Bool = false) throws(ClusterError) -> PostgresCluster {
        try PostgresCluster(tls: tls)
    }

    private static let registry = NSLock()
    nonisolated(unsafe) private static var running: [PostgresCluster] = []

    private static func stopAll() {
        registry.lock()
        let all = running
        running = []
        registry.unlock()
        for cluster in all { cluster.stop() }
    }

    /// Runs a cluster tool, as `postgres` when this process is root.
    private func run(_ tool: String, _ arguments: [String]) throws(ClusterError) -> Spawn.Output {
        do {
            if getuid() == 0 {
                return try Spawn.run(
                    "/usr/sbin/runuser", ["-u", "postgres", "--", tool] + arguments,
                    environment: ["PATH": "/usr/bin:/bin"])
            }
            return try Spawn.run(tool, arguments, environment: ["PATH": "/usr/bin:/bin"])
        } catch {
            throw ClusterError(description: "cannot run \(tool): \(error)")
        }
    }

    /// Stops the server at once (the tests' data is thrown away) and removes the directory.
    public func stop() {
        guard FileManager.default.fileExists(atPath: directory) else { return }
        _ = try? run(binaries + "/pg_ctl", ["-D", directory + "/data", "-m", "immediate", "-w", "stop"])
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Stops and starts the server again (`immediate`: as a crash would), for outage tests.
    public func restart(stopOnly: Bool = false) throws(ClusterError) {
        _ = try run(binaries + "/pg_ctl", ["-D", directory + "/data", "-m", "immediate", "-w", "stop"])
        guard !stopOnly else { return }
        let start = try run(
            binaries + "/pg_ctl",
            ["-D", directory + "/data", "-l", directory + "/log", "-w", "-t", "60", "-o", serverOptions, "start"])
        guard start.status == 0 else { throw ClusterError(description: "pg_ctl start failed: \(start.stderr)") }
    }

    /// A new, empty database, and the store URL that names it.
    public func newDatabase() throws(ClusterError) -> String {
        lock.lock()
        databases += 1
        let name = "t\(databases)_\(UUID().uuidString.prefix(6).lowercased())"
        lock.unlock()
        let created = try psql("CREATE DATABASE \(name)")
        guard created.status == 0 else { throw ClusterError(description: "CREATE DATABASE failed: \(created.stderr)") }
        return url(name)
    }

    public func url(_ database: String) -> String { "postgres://\(superuser)@127.0.0.1:\(port)/\(database)" }

    /// What a schakel process needs to reach the cluster (the password as libpq reads it), and a
    /// snapshot cache of the test run's own.
    public var environment: [String: String] { ["PGPASSWORD": password, "XDG_CACHE_HOME": directory + "/cache"] }

    /// Runs SQL as the superuser over the unix socket.
    public func psql(_ sql: String, database: String = "postgres") throws(ClusterError) -> Spawn.Output {
        do {
            return try Spawn.run(
                binaries + "/psql",
                [
                    "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", directory, "-p", String(port), "-U", superuser,
                    "-d", database, "-c", sql,
                ], environment: ["PATH": "/usr/bin:/bin"])
        } catch {
            throw ClusterError(description: "cannot run psql: \(error)")
        }
    }

    /// The whole database as pg_dump writes it (plain SQL), as an administrator or a thief with
    /// the server's credentials would take it.
    public func dump(database: String) throws(ClusterError) -> Spawn.Output {
        do {
            return try Spawn.run(
                binaries + "/pg_dump",
                ["-h", directory, "-p", String(port), "-U", superuser, "-d", database],
                environment: ["PATH": "/usr/bin:/bin"])
        } catch {
            throw ClusterError(description: "cannot run pg_dump: \(error)")
        }
    }

    private static func findBinaries() -> String? {
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).compactMap(Int.init)
            .sorted()
        for version in versions.reversed()
        where FileManager.default.isExecutableFile(atPath: "\(root)/\(version)/bin/initdb") {
            return "\(root)/\(version)/bin"
        }
        return nil
    }

    /// A loopback port nobody listens on now.
    private static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
