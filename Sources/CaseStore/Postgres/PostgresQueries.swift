import Foundation
import Logging
import PostgresNIO

// One query on a given connection, waited for: what the schema and the log's own helpers share.
extension PostgresCommitLog {
    static func run(_ db: PostgresConnection, _ query: PostgresQuery, logger: Logger, location: PostgresLocation)
        throws(StoreError)
    {
        do {
            try blocking(watching: db) { _ = try await db.query(query, logger: logger).collect() }
        } catch {
            throw explained(error, location: location, operation: "query")
        }
    }

    static func text(_ db: PostgresConnection, _ query: PostgresQuery, logger: Logger, location: PostgresLocation)
        throws(StoreError) -> String?
    {
        do {
            return try blocking(watching: db) {
                for try await (value) in try await db.query(query, logger: logger).decode(String?.self) { return value }
                return nil
            }
        } catch {
            throw explained(error, location: location, operation: "read")
        }
    }
}
