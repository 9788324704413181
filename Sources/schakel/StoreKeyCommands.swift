import ArgumentParser
import CaseStore
import Desk
import Foundation

extension StoreCommand {
    /// `schakel store encrypt`: an existing store sealed in place.
    struct Encrypt: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Encrypt an existing store in place: every change sealed, a key for you.",
            discussion: """
                A new random data key seals every commit (AES-256-GCM); your passphrase (asked twice, \
                or from the file SCHAKEL_NEW_PASSPHRASE_FILE names) wraps it. All of it happens in one \
                transaction: a crash leaves the old store or the encrypted one. Give colleagues their \
                own key with 'schakel store key add'. Close every desk on the store first.
                """)

        @OptionGroup var global: GlobalOptions

        func run() throws {
            try reporting {
                let invocation = try Invocation(global)
                let others: [String]
                do throws(StoreError) {
                    guard try Keyring.slots(location: invocation.storePath).isEmpty else {
                        throw StoreError.alreadyEncrypted(store: invocation.storeName)
                    }
                    others = try Self.othersPresent(invocation)
                } catch {
                    throw Failure(storeMessage(error))
                }
                // A desk with the store open would go on writing plaintext (the database refuses it,
                // but that desk would then stop): they close first.
                guard others.isEmpty else {
                    throw Failure(tr(.cliEncryptOthersPresent, invocation.storeName, others.joined(separator: ", ")))
                }
                let passphrase = try Passphrase.new(for: invocation.context.advisor)
                do throws(StoreError) {
                    let count = try Keyring.encrypt(
                        location: invocation.storePath, advisor: invocation.context.advisor, passphrase: passphrase,
                        who: invocation.accessor)
                    say(tr(.cliEncrypted, invocation.storeName, count, invocation.context.advisor))
                } catch {
                    throw Failure(storeMessage(error))
                }
            }
        }

        /// Who else has the store open now, as "advisor (host)".
        static func othersPresent(_ invocation: Invocation) throws(StoreError) -> [String] {
            let store = try CaseStore.open(location: invocation.storePath, readOnly: true, scope: .cases([]))
            defer { store.close() }
            return store.present().filter { $0.pid != getpid() }.map { "\($0.advisor) (\($0.host))" }
        }
    }

    /// `schakel store key …`: the advisors' own keys to an encrypted store.
    struct Key: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List, add, change or revoke the advisors' keys to an encrypted store.",
            discussion: """
                Every advisor opens an encrypted store with a passphrase of their own. Adding a key \
                needs one you hold; changing your passphrase rewraps your key and rewrites nothing else.
                """,
            subcommands: [List.self, Add.self, Change.self, Revoke.self])

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Who holds a key, and since when.")
            @OptionGroup var global: GlobalOptions

            func run() throws {
                try reporting {
                    let invocation = try Invocation(global)
                    do throws(StoreError) {
                        let slots = try Keyring.slots(location: invocation.storePath)
                        if slots.isEmpty { say(tr(.cliKeyListNone, invocation.storeName)) }
                        for slot in slots {
                            say(
                                tr(
                                    .cliKeyListRow, slot.advisor,
                                    invocation.context.text.moment(slot.created, in: invocation.context.timeZone)))
                        }
                    } catch {
                        throw Failure(storeMessage(error))
                    }
                }
            }
        }

        struct Add: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Give a colleague a key: your passphrase first, then theirs (twice).",
                discussion: """
                    The colleague types their own passphrase, or you give a first one they change with \
                    'schakel store key change'. Scripts name files with SCHAKEL_PASSPHRASE_FILE (yours) \
                    and SCHAKEL_NEW_PASSPHRASE_FILE (theirs).
                    """)
            @OptionGroup var global: GlobalOptions
            @Option(name: .customLong("for"), help: "The colleague, as their desk names them.") var advisor: String
            @Flag(help: "Replace the key the colleague has (they then need the new passphrase).") var replace = false

            func run() throws {
                try reporting {
                    let invocation = try Invocation(global)
                    let name = try Self.name(advisor)
                    let passphrase = try Passphrase.new(for: name)
                    do throws(StoreError) {
                        try Keyring.add(
                            location: invocation.storePath, unlock: invocation.unlock, for: name,
                            passphrase: passphrase,
                            replacing: replace, who: invocation.accessor)
                        say(tr(.cliKeyAdded, name, invocation.storeName))
                    } catch {
                        throw Failure(storeMessage(error))
                    }
                }
            }

            static func name(_ text: String) throws -> String {
                let name = text.trimmingCharacters(in: .whitespaces)
                guard !name.isEmpty, !name.contains(where: { $0.isNewline }) else {
                    throw Failure(tr(.cliKeyNoName))
                }
                return name
            }
        }

        struct Change: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Change your passphrase: your key is wrapped again; nothing else is rewritten.")
            @OptionGroup var global: GlobalOptions

            func run() throws {
                try reporting {
                    let invocation = try Invocation(global)
                    // The old one first, checked: a mistake there costs no new passphrase typed twice.
                    let unlock: Unlock
                    do throws(StoreError) {
                        let old = try invocation.unlock.passphrase(invocation.storeName)
                        unlock = Unlock(advisor: invocation.context.advisor) { (_) throws(StoreError) in old }
                        try Keyring.verify(location: invocation.storePath, unlock: unlock, who: invocation.accessor)
                    } catch {
                        throw Failure(storeMessage(error))
                    }
                    let passphrase = try Passphrase.new(for: invocation.context.advisor)
                    do throws(StoreError) {
                        try Keyring.change(
                            location: invocation.storePath, unlock: unlock, to: passphrase, who: invocation.accessor)
                        say(tr(.cliKeyChanged, invocation.context.advisor))
                    } catch {
                        throw Failure(storeMessage(error))
                    }
                }
            }
        }

        struct Revoke: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Take a colleague's key away; the store no longer opens with their passphrase.",
                discussion: """
                    The data key stays the same: what someone copied while they held a key stays \
                    readable to them. Never revokes the last key.
                    """)
            @OptionGroup var global: GlobalOptions
            @Option(name: .customLong("for"), help: "The colleague, as their key names them (store key list).")
            var advisor: String

            func run() throws {
                try reporting {
                    let invocation = try Invocation(global)
                    let name = try Add.name(advisor)
                    do throws(StoreError) {
                        try Keyring.revoke(
                            location: invocation.storePath, unlock: invocation.unlock, advisor: name,
                            who: invocation.accessor)
                        say(tr(.cliKeyRevoked, name, invocation.storeName))
                    } catch {
                        throw Failure(storeMessage(error))
                    }
                }
            }
        }
    }
}
