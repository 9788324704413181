@preconcurrency import CSQLite
import Foundation

/// A value bound to or read from an SQL statement.
enum SQLValue: Equatable {
    case int(Int64)
    case text(String)
    case blob([UInt8])
    case null
}

/// One connection to an SQLite database: the only code that touches SQLite's C API.
///
/// Errors become `StoreError.database` naming the file, what was being done, and SQLite's own
/// message, so a person can act on them. Statements are prepared per call; the store runs few of
/// them, and the hot one (reading commits) steps through one statement.
final class SQLiteConnection {
    let path: String
    private var handle: OpaquePointer?

    /// Opens `path`; `create` makes the file when it is missing (the caller creates it first
    /// when the mode matters).
    init(path: String, readOnly: Bool, create: Bool = false) throws(StoreError) {
        self.path = path
        var flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        flags |= readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE
        if create && !readOnly { flags |= SQLITE_OPEN_CREATE }
        var db: OpaquePointer?
        let code = sqlite3_open_v2(path, &db, flags, nil)
        handle = db
        guard code == SQLITE_OK else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(code))
            sqlite3_close_v2(db)
            handle = nil
            throw StoreError.database(operation: "open", path: path, code: code, message: message)
        }
    }

    deinit { close() }

    func close() {
        guard let handle else { return }
        sqlite3_close_v2(handle)
        self.handle = nil
    }

    /// How long a writer waits for another's transaction before giving up.
    func setBusyTimeout(milliseconds: Int32) {
        sqlite3_busy_timeout(handle, milliseconds)
    }

    /// Runs one or more statements that return no rows.
    func execute(_ sql: String) throws(StoreError) {
        var error: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(handle, sql, nil, nil, &error)
        if code != SQLITE_OK {
            let message = error.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(code))
            sqlite3_free(error)
            throw StoreError.database(operation: Self.operation(sql), path: path, code: code, message: message)
        }
    }

    /// Runs one statement with `arguments`, calling `row` for each row it returns.
    func query(_ sql: String, _ arguments: [SQLValue] = [], row: (SQLiteRow) throws(StoreError) -> Void = { _ in })
        throws(StoreError)
    {
        var statement: OpaquePointer?
        var code = sqlite3_prepare_v2(handle, sql, -1, &statement, nil)
        guard code == SQLITE_OK, let statement else { throw failure(sql, code) }
        defer { sqlite3_finalize(statement) }
        for (index, argument) in arguments.enumerated() {
            let position = Int32(index + 1)
            switch argument {
            case .int(let value): code = sqlite3_bind_int64(statement, position, value)
            case .text(let value): code = sqlite3_bind_text(statement, position, value, -1, schakel_sqlite_transient())
            case .blob(let bytes):
                code = bytes.withUnsafeBytes { buffer in
                    sqlite3_bind_blob64(
                        statement, position, buffer.baseAddress, sqlite3_uint64(buffer.count),
                        schakel_sqlite_transient())
                }
            case .null: code = sqlite3_bind_null(statement, position)
            }
            guard code == SQLITE_OK else { throw failure(sql, code) }
        }
        while true {
            code = sqlite3_step(statement)
            if code == SQLITE_DONE { return }
            guard code == SQLITE_ROW else { throw failure(sql, code) }
            try row(SQLiteRow(statement: statement))
        }
    }

    /// The first column of the first row, as an integer (nil when there is no row or it is NULL).
    func integer(_ sql: String, _ arguments: [SQLValue] = []) throws(StoreError) -> Int64? {
        var value: Int64?
        try query(sql, arguments) { row in value = row.isNull(0) ? nil : row.int64(0) }
        return value
    }

    /// The first column of the first row, as text.
    func text(_ sql: String, _ arguments: [SQLValue] = []) throws(StoreError) -> String? {
        var value: String?
        try query(sql, arguments) { row in value = row.isNull(0) ? nil : row.text(0) }
        return value
    }

    /// Rows changed by the last statement.
    var changes: Int { Int(sqlite3_changes(handle)) }

    /// True while a transaction is open on this connection.
    var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    private func failure(_ sql: String, _ code: Int32) -> StoreError {
        let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(code))
        return StoreError.database(operation: Self.operation(sql), path: path, code: code, message: message)
    }

    /// The statement's first words, to say what was being done.
    private static func operation(_ sql: String) -> String {
        sql.split(whereSeparator: \.isWhitespace).prefix(2).joined(separator: " ")
    }

    /// SQLite's result codes the store tells apart.
    static let busy = SQLITE_BUSY
    static let constraint = SQLITE_CONSTRAINT
    static let readOnly = SQLITE_READONLY
    static let notADatabase = SQLITE_NOTADB
    static let corrupt = SQLITE_CORRUPT
    static let full = SQLITE_FULL
    static let cannotOpen = SQLITE_CANTOPEN

    /// The primary result code of an extended one.
    static func primary(_ code: Int32) -> Int32 { code & 0xFF }

    static var libraryVersion: String { String(cString: sqlite3_libversion()) }
}

/// The current row of a statement being stepped.
struct SQLiteRow {
    fileprivate let statement: OpaquePointer

    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(statement, column) == SQLITE_NULL }
    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(statement, column) }
    func text(_ column: Int32) -> String {
        guard let bytes = sqlite3_column_text(statement, column) else { return "" }
        let count = Int(sqlite3_column_bytes(statement, column))
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }
    func bytes(_ column: Int32) -> [UInt8] {
        let count = Int(sqlite3_column_bytes(statement, column))
        guard count > 0, let pointer = sqlite3_column_blob(statement, column) else { return [] }
        return Array(UnsafeRawBufferPointer(start: pointer, count: count))
    }
}
