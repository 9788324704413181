import Foundation
import Logging
import PostgresNIO

// The PostgreSQL store's schema: tables, triggers and grants, made once and versioned.
extension PostgresCommitLog {
    /// Creates the schema (forward-only migrations, in one transaction under an advisory lock, so two
    /// processes creating one store at once cannot both do it), or refuses a newer one. Returns the
    /// schema the store now has: opened to read, a store of schema 1 is read as it is (without the
    /// authors schema 2 keeps for copies). Only the store's owner can migrate it.
    static func prepareSchema(
        _ db: PostgresConnection, create: Bool, location: PostgresLocation,
        logger: Logger
    ) throws(StoreError) -> Int {
        let hasMeta =
            try text(db, "SELECT to_regclass('schakel_meta')::text", logger: logger, location: location) != nil
        let found =
            hasMeta
            ? Int(
                try text(db, "SELECT value FROM schakel_meta WHERE key = 'schema'", logger: logger, location: location)
                    ?? "0") ?? 0 : 0
        if found > schemaVersion {
            throw StoreError.newerSchema(path: location.displayName, found: found, supported: schemaVersion)
        }
        if found == schemaVersion { return found }
        guard create else {
            guard found >= 1 else { throw StoreError.notAStore(path: location.displayName) }
            return found
        }
        if found >= 1 {
            let owner = try text(
                db,
                """
                SELECT (pg_has_role(session_user, relowner, 'USAGE')
                        OR coalesce((SELECT rolsuper FROM pg_roles WHERE rolname = session_user), false))::text
                FROM pg_class WHERE oid = 'commits'::regclass
                """, logger: logger, location: location)
            guard owner == "true" else {
                throw StoreError.olderSchemaNeedsOwner(path: location.displayName, found: found)
            }
        }
        try run(db, "BEGIN", logger: logger, location: location)
        do throws(StoreError) {
            try run(db, "SELECT pg_advisory_xact_lock(7318120)", logger: logger, location: location)
            for statement in schema {
                try run(db, PostgresQuery(unsafeSQL: statement), logger: logger, location: location)
            }
            if try text(db, "SELECT value FROM schakel_meta WHERE key = 'identity'", logger: logger, location: location)
                == nil
            {
                let identity = UUID().uuidString.lowercased()
                let created = CommitCodec.timestamp(Date())
                try run(
                    db,
                    "INSERT INTO schakel_meta(key, value) VALUES ('identity', \(identity)), ('created', \(created))",
                    logger: logger, location: location)
            }
            let version = String(schemaVersion)
            try run(
                db,
                "INSERT INTO schakel_meta(key, value) VALUES ('schema', \(version)) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                logger: logger, location: location)
            try run(db, "COMMIT", logger: logger, location: location)
            return schemaVersion
        } catch {
            try? run(db, "ROLLBACK", logger: logger, location: location)
            throw error
        }
    }

    /// The schema, one statement each (the extended protocol takes one at a time).
    static let schema = [
        "CREATE TABLE IF NOT EXISTS schakel_meta (key text PRIMARY KEY, value text NOT NULL)",
        """
        CREATE TABLE IF NOT EXISTS commits (
            sequence bigint PRIMARY KEY CHECK (sequence > 0),
            at text NOT NULL,
            actor text NOT NULL,
            payload text NOT NULL,
            author name NOT NULL DEFAULT session_user
        )
        """,
        "CREATE OR REPLACE FUNCTION schakel_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'commits are append-only'; END $$",
        "CREATE OR REPLACE FUNCTION schakel_announce() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_notify('\(channel)', TG_TABLE_NAME); RETURN NULL; END $$",
        "DROP TRIGGER IF EXISTS commits_are_not_changed ON commits",
        "CREATE TRIGGER commits_are_not_changed BEFORE UPDATE OR DELETE ON commits FOR EACH ROW EXECUTE FUNCTION schakel_refuse_change()",
        "DROP TRIGGER IF EXISTS commits_announce ON commits",
        "CREATE TRIGGER commits_announce AFTER INSERT ON commits FOR EACH STATEMENT EXECUTE FUNCTION schakel_announce()",
        """
        CREATE TABLE IF NOT EXISTS presence (
            backend integer PRIMARY KEY, host text NOT NULL, pid integer NOT NULL,
            login text NOT NULL, advisor text NOT NULL, since text NOT NULL
        )
        """,
        "DROP TRIGGER IF EXISTS presence_announce ON presence",
        "CREATE TRIGGER presence_announce AFTER INSERT OR DELETE ON presence FOR EACH STATEMENT EXECUTE FUNCTION schakel_announce()",
        // The author of a commit is the role PostgreSQL authenticated, whatever the client sends.
        // Only the store's owner (who made it, and could change this trigger anyway) or a superuser
        // may carry authors over from another store (`store copy`, `import`).
        """
        CREATE OR REPLACE FUNCTION schakel_author() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
            IF NEW.author IS NULL OR NOT (
                pg_has_role(session_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'USAGE')
                OR coalesce((SELECT rolsuper FROM pg_roles WHERE rolname = session_user), false)
            ) THEN
                NEW.author := session_user;
            END IF;
            RETURN NEW;
        END $$
        """,
        "DROP TRIGGER IF EXISTS commits_author ON commits",
        "CREATE TRIGGER commits_author BEFORE INSERT ON commits FOR EACH ROW EXECUTE FUNCTION schakel_author()",
        // Who may do what: advisors read and append, readers only read; nobody else anything.
        """
        DO $$ BEGIN
            -- Roles belong to the cluster, so two stores made at once may race to create them.
            BEGIN CREATE ROLE schakel_advisor NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END;
            BEGIN CREATE ROLE schakel_reader NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END;
        END $$
        """,
        "CREATE TABLE IF NOT EXISTS config (name text PRIMARY KEY, body text NOT NULL)",
        // 3: an encrypted store's key slots; once it has any, the database takes only sealed
        // commits (a desk that opened the store before it was encrypted cannot append plaintext).
        "CREATE TABLE IF NOT EXISTS keyslots (advisor text PRIMARY KEY, slot text NOT NULL)",
        """
        CREATE OR REPLACE FUNCTION schakel_require_seal() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
            IF NEW.payload NOT LIKE 'sealed1:%' AND EXISTS (SELECT 1 FROM keyslots) THEN
                RAISE EXCEPTION 'the store is encrypted: open it again to write';
            END IF;
            RETURN NEW;
        END $$
        """,
        "DROP TRIGGER IF EXISTS commits_are_sealed ON commits",
        "CREATE TRIGGER commits_are_sealed BEFORE INSERT ON commits FOR EACH ROW EXECUTE FUNCTION schakel_require_seal()",
        // The access log: append-only, chained by the client (`AccessLog`); failed unlocks wait
        // in access_pending until someone who can unlock chains them.
        """
        CREATE TABLE IF NOT EXISTS access_log (
            sequence bigint PRIMARY KEY CHECK (sequence > 0), entry text NOT NULL, hash text NOT NULL
        )
        """,
        "CREATE OR REPLACE FUNCTION schakel_refuse_access_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'the access log is append-only'; END $$",
        "DROP TRIGGER IF EXISTS access_log_is_not_changed ON access_log",
        "CREATE TRIGGER access_log_is_not_changed BEFORE UPDATE OR DELETE ON access_log FOR EACH ROW EXECUTE FUNCTION schakel_refuse_access_change()",
        "CREATE TABLE IF NOT EXISTS access_pending (id bigserial PRIMARY KEY, entry text NOT NULL)",
        "CREATE TABLE IF NOT EXISTS access_tags (tag text NOT NULL, sequence bigint NOT NULL, PRIMARY KEY (tag, sequence))",
        """
        CREATE OR REPLACE FUNCTION schakel_keep_one_key() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
            IF (SELECT count(*) FROM keyslots) <= 1 THEN RAISE EXCEPTION 'the last key of a store is never removed'; END IF;
            RETURN OLD;
        END $$
        """,
        "DROP TRIGGER IF EXISTS keyslots_keep_one ON keyslots",
        "CREATE TRIGGER keyslots_keep_one BEFORE DELETE ON keyslots FOR EACH ROW EXECUTE FUNCTION schakel_keep_one_key()",
        "GRANT SELECT, INSERT ON access_tags TO schakel_advisor, schakel_reader",
        "REVOKE ALL ON commits, schakel_meta, presence, config, keyslots, access_log, access_pending, access_tags FROM PUBLIC",
        "GRANT SELECT, INSERT ON access_log TO schakel_advisor, schakel_reader",
        "GRANT SELECT, INSERT, DELETE ON access_pending TO schakel_advisor, schakel_reader",
        "GRANT USAGE ON SEQUENCE access_pending_id_seq TO schakel_advisor, schakel_reader",
        "GRANT SELECT ON keyslots TO schakel_advisor, schakel_reader",
        "GRANT INSERT, UPDATE, DELETE ON keyslots TO schakel_advisor",
        "GRANT SELECT ON config TO schakel_advisor, schakel_reader",
        "GRANT SELECT, INSERT ON commits TO schakel_advisor",
        "GRANT SELECT ON commits, schakel_meta, presence TO schakel_advisor, schakel_reader",
        "GRANT INSERT, UPDATE, DELETE ON presence TO schakel_advisor",
        // 4: each commit's link in the chain (`CommitChain`), written with the commit.
        "CREATE TABLE IF NOT EXISTS chain (sequence bigint PRIMARY KEY CHECK (sequence > 0), link text NOT NULL)",
        "DROP TRIGGER IF EXISTS chain_is_not_changed ON chain",
        "CREATE TRIGGER chain_is_not_changed BEFORE UPDATE OR DELETE ON chain FOR EACH ROW EXECUTE FUNCTION schakel_refuse_change()",
        "REVOKE ALL ON chain FROM PUBLIC",
        "GRANT SELECT ON chain TO schakel_advisor, schakel_reader",
        "GRANT INSERT ON chain TO schakel_advisor",
        // Which commits a purge rewrote; and where the log ended when the chain began (only
        // commits up to there may be linked after the fact).
        "CREATE TABLE IF NOT EXISTS rewritten (sequence bigint PRIMARY KEY)",
        "REVOKE ALL ON rewritten FROM PUBLIC",
        "GRANT SELECT ON rewritten TO schakel_advisor, schakel_reader",
        "INSERT INTO schakel_meta(key, value) SELECT 'unchained-until', coalesce(max(sequence), 0)::text FROM commits ON CONFLICT (key) DO NOTHING",
    ]
}
