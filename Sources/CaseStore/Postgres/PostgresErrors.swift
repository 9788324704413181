import Foundation
import PostgresNIO

// PostgreSQL's refusals and lost connections, in words a person can act on.
extension PostgresCommitLog {
    static func sqlState(_ error: any Error) -> String? {
        (error as? PSQLError)?.serverInfo?[.sqlState]
    }

    /// The server's refusal, or a connection that could not be made, in words a person can act on
    /// (never with the password).
    static func explained(_ error: any Error, location: PostgresLocation, operation: String) -> StoreError {
        if let store = error as? StoreError {
            if case .database(_, "", let code, let message) = store {
                return .database(operation: operation, path: location.displayName, code: code, message: message)
            }
            if case .server(_, "", let problem) = store {
                return .server(operation: operation, path: location.displayName, problem: problem)
            }
            return store
        }
        guard let psql = error as? PSQLError else {
            return .server(operation: operation, path: location.displayName, problem: .other("\(error)"))
        }
        if let message = psql.serverInfo?[.message] {
            switch psql.serverInfo?[.sqlState] {
            case "28P01", "28000":
                return .database(operation: "log in", path: location.displayName, code: 0, message: message)
            case "3D000": return .database(operation: "open", path: location.displayName, code: 0, message: message)
            default: return .database(operation: operation, path: location.displayName, code: 0, message: message)
            }
        }
        switch psql.code {
        case .connectionError:
            // A TLS handshake that failed (an untrusted certificate) is no unreachable server.
            let cause = psql.underlying.map { String(describing: $0) } ?? ""
            if ["certificate", "NIOSSL", "handshake", "BoringSSL", "CERTIFICATE"].contains(where: cause.contains) {
                return .server(
                    operation: "connect", path: location.displayName, problem: .certificateUnverified(cause: cause))
            }
            // An I/O error on a connection that was up is a lost connection, not an unreachable server.
            guard operation == "connect" else {
                return .server(operation: operation, path: location.displayName, problem: .connectionLost)
            }
            return .server(operation: "connect", path: location.displayName, problem: .unreachable)
        case .serverClosedConnection, .clientClosedConnection:
            return .server(operation: operation, path: location.displayName, problem: .connectionLost)
        case .authMechanismRequiresPassword:
            return .server(operation: "log in", path: location.displayName, problem: .wantsPassword)
        default:
            return .server(operation: operation, path: location.displayName, problem: .other(psql.code.description))
        }
    }
}
