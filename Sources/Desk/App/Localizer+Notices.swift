import CaseModel
import CaseStore
import Foundation

extension Localizer {
    /// What the store had to do on opening, in the desk's language. The desk shows it in the
    /// status line; the command line prints it on stderr.
    public func describe(_ notice: StoreNotice) -> String {
        switch notice {
        case .upgraded(let commits, let torn):
            return self(.noticeUpgraded, commits) + (torn > 0 ? " " + self(.noticeUpgradedTorn, torn) : "")
        case .snapshotRebuilt(let reason):
            let why: String =
                switch reason {
                case .unreadable(let error): message(error)
                case .otherStore: self(.noticeSnapshotOtherStore)
                case .earlierRules: self(.noticeSnapshotEarlierRules)
                case .logChanged: self(.noticeSnapshotLogChanged)
                case .sealedOtherwise: self(.noticeSnapshotSealedOtherwise)
                }
            return self(.noticeSnapshot, why)
        case .damaged(let sequence, let reason): return self(.noticeDamaged, sequence, message(reason))
        }
    }

    /// A store error in this language, for the command line (the desk puts "Opslaan mislukt" in
    /// front). What the database or the system said itself (SQLite's, the server's or strerror's
    /// words) and a record's damage are quoted as they come.
    public func message(_ error: StoreError) -> String {
        switch error {
        case .database(let operation, let path, _, let message):
            // SQLite says "disk I/O error" for a full disk too: say which it is.
            let full = Self.diskIsFull(under: path) ? self(.storeDiskFull) : ""
            return self(.storeDatabase, path, label("operation", operation), message) + full
        case .server(let operation, let path, let problem):
            return self(.storeDatabase, path, label("operation", operation), message(problem))
        case .notADatabase(let path): return self(.storeNotADatabase, path)
        case .damagedDatabase(let path): return self(.storeDamagedDatabase, path)
        case .corruptCommit(let store, let sequence, let reason):
            return self(.storeCorruptCommit, sequence, store, commitDamage(reason))
        case .contradictingCommit(let store, let sequence, let reason):
            return self(.storeCorruptCommit, sequence, store, message(reason))
        case .contradictingImport(let path, let commit, let reason):
            return self(.storeContradictingImport, path, commit, message(reason))
        case .newerSchema(let path, let found, let supported): return self(.storeNewerSchema, path, found, supported)
        case .olderSchema(let path, let found): return self(.storeOlderSchema, path, found)
        case .olderSchemaNeedsOwner(let path, let found): return self(.storeOlderSchemaOwner, path, found)
        case .corruptRecord(let file, let offset, let reason): return self(.storeCorruptRecord, file, offset, reason)
        case .notAJournal(let file): return self(.storeNotAJournal, file)
        case .needsUpgrade(let path): return self(.storeNeedsUpgrade, path)
        case .upgradeFailed(let path, let reason): return self(.storeUpgradeFailed, path, reason)
        case .notAStore(let path): return self(.storeNotAStore, path)
        case .databaseMissing(let path, let snapshot): return self(.storeDatabaseMissing, path, snapshot)
        case .chainDamaged(let store, let sequence): return self(.storeChainDamaged, store, sequence)
        case .otherDatabase(let store, let snapshot): return self(.storeOtherDatabase, store, snapshot)
        case .wentBack(let store, let seen, let head, let snapshot):
            return self(.storeWentBack, store, seen, head, snapshot)
        case .behindRecord(let store, let seen, let head, let record, let identity):
            return self(.storeBehindRecord, store, seen, head, identity, record)
        case .io(let operation, let path, let code):
            return self(.storeIo, label("operation", operation), path, String(cString: strerror(code)))
        case .readOnly: return self(.storeReadOnly)
        case .rejected(let reason): return self(.storeRejected, message(reason))
        case .conflict(let c):
            return self(
                .storeConflict, c.record, c.actor, CommitCodec.timestamp(c.at), c.events.joined(separator: ", "),
                c.reason.map { ": " + $0 } ?? "")
        case .tooBusy(let attempts): return self(.storeTooBusy, attempts)
        case .unknownGroup(let group): return self(.storeUnknownGroup, group)
        case .heldByOlderSchakel(let path, let holder): return self(.storeHeldByOlder, path, holder)
        case .badLocation(let text, let reason): return self(.storeBadLocation, text, reason)
        case .badFile(let path, let reason): return self(.storeBadFile, path, reason)
        case .notEmpty(let path): return self(.storeNotEmpty, path)
        case .sealBroken(let what): return self(.storeSealBroken, what)
        case .badKeySlot(let advisor): return self(.storeBadKeySlot, advisor)
        case .locked(let store): return self(.storeLocked, store)
        case .noKey(let advisor, let store, let holders):
            return self(.storeNoKey, advisor, store, holders.joined(separator: ", "))
        case .wrongPassphrase(let advisor, let store): return self(.storeWrongPassphrase, advisor, store)
        case .alreadyEncrypted(let store): return self(.storeAlreadyEncrypted, store)
        case .notEncrypted(let store): return self(.storeNotEncrypted, store)
        case .lastKeySlot(let advisor): return self(.storeLastKeySlot, advisor)
        case .noSuchKeySlot(let advisor): return self(.storeNoSuchKeySlot, advisor)
        case .keyExists(let advisor): return self(.storeKeyExists, advisor)
        case .accessLogDamaged(let store, let entry): return self(.storeAccessLogDamaged, store, entry)
        }
    }

    /// What `check` makes of the snapshot, in this language.
    public func message(_ verdict: SnapshotVerdict) -> String {
        switch verdict {
        case .none: return self(.checkSnapshotNone)
        case .earlierRules: return self(.checkSnapshotEarlierRules)
        case .otherStore: return self(.checkSnapshotOtherStore)
        case .sealedOtherwise: return self(.checkSnapshotSealedOtherwise)
        case .unreadable(let error): return self(.checkSnapshotUnreadable, message(error))
        case .commitGone(let sequence): return self(.checkSnapshotCommitGone, sequence)
        case .agrees(let sequence): return self(.checkSnapshotAgrees, sequence)
        case .disagrees: return self(.checkSnapshotDisagrees)
        case .beyondEnd(let snapshot, let last): return self(.checkSnapshotBeyondEnd, snapshot, last)
        }
    }

    /// A problem `check` found, in this language (SQLite's own findings quoted as they come).
    public func message(_ problem: CheckProblem) -> String {
        switch problem {
        case .store(let error): return message(error)
        case .oldJournal(let path): return self(.checkOldJournal, path)
        case .noDatabase(let path): return self(.checkNoDatabase, path)
        case .integrity(let path, let finding): return path + ": " + finding
        case .gaps(let log, let count, let last): return self(.checkGaps, log, count, last)
        case .missingCommit(let sequence, let log): return self(.checkMissingCommit, sequence, log)
        case .contradicts(let sequence, let log, let reason):
            return self(.checkContradicts, sequence, log, message(reason))
        case .snapshotDisagrees(let sequence, let path): return self(.checkSnapshotDisagreesAt, sequence, path)
        case .accessLogBroken(let entry, let reason):
            return self(.checkAccessBroken, entry, label("accessDamage", "\(reason)"))
        case .accessHeadMissing(let head): return self(.checkAccessHeadMissing, head)
        case .chainBroken(let sequence, let reason):
            return self(.checkChainBroken, sequence, label("chainDamage", reason.name))
        case .chainHeadMissing(let head): return self(.checkChainHeadMissing, head)
        case .other(let text): return text
        }
    }

    /// Why a commit cannot follow the ones before it, in this language.
    public func message(_ error: Ledger.ApplyError) -> String {
        switch error {
        case .cases(let e):
            switch e {
            case .duplicateCase(let id): return self(.applyDuplicateCase, id)
            case .unknownCase(let id): return self(.applyUnknownCase, id)
            case .statusMismatch(let id, let expected, let found):
                return self(.applyStatusMismatch, id, label(found), label(expected))
            case .sequenceGap(let expected, let found): return self(.applySequenceGap, found, expected - 1)
            case .caseClosed(let id): return self(.applyCaseClosed, id)
            case .noTriage(let id): return self(.applyNoTriage, id)
            case .wrongStatus(let id, let status): return self(.applyWrongStatus, id, label(status))
            case .unknownTask(let id, let task): return self(.applyUnknownTask, id, task)
            case .taskAlreadyDone(let id, let task): return self(.applyTaskDone, task, id)
            case .personTwice(let id, let name): return self(.applyPersonTwice, name, id)
            case .unknownPerson(let id, let name): return self(.applyUnknownPerson, id, name)
            case .sharingOutOfOrder(let id, let number): return self(.applySharingOutOfOrder, number, id)
            }
        case .partners(let e):
            switch e {
            case .unknownOrganisation(let id): return self(.applyUnknownOrganisation, id)
            case .unknownContact(let id): return self(.applyUnknownContact, id)
            case .unknownCase(let id): return self(.applyLinkUnknownCase, id)
            case .numberOutOfTurn(let id): return self(.applyNumberOutOfTurn, id)
            }
        case .consultations(let e):
            switch e {
            case .unknownConsultation(let id): return self(.applyUnknownConsultation, id)
            case .unknownCase(let id): return self(.applyPromotedUnknownCase, id)
            case .alreadyPromoted(let id): return self(.applyAlreadyPromoted, id)
            case .purged(let id): return self(.applyConsultationPurged, id)
            case .numberOutOfTurn(let id): return self(.applyNumberOutOfTurn, id)
            }
        }
    }

    /// What went wrong with the database server, in this language.
    public func message(_ problem: ServerProblem) -> String {
        switch problem {
        case .unreachable: return self(.serverUnreachable)
        case .certificateUnverified(let cause): return self(.serverCertificate, cause)
        case .connectionLost: return self(.serverLost)
        case .connectionLostRetrying: return self(.serverLostRetrying)
        case .wantsPassword: return self(.serverWantsPassword)
        case .noAnswer(let seconds): return self(.serverNoAnswer, seconds)
        case .noResult: return self(.serverNoResult)
        case .outcomeUnknown: return self(.serverOutcomeUnknown)
        case .closed: return self(.serverClosed)
        case .noIdentity: return self(.serverNoIdentity)
        case .other(let text): return text
        }
    }

    /// A store error as the desk says it: a colleague's conflicting change in words of its own,
    /// everything else after "Opslaan mislukt".
    public func describe(_ error: StoreError, timeZone: TimeZone) -> String {
        guard case .conflict(let conflict) = error else { return self(.errorStore, message(error)) }
        return self(
            .errorConflict, conflict.record, conflict.actor, clockTime(conflict.at, timeZone: timeZone),
            conflict.events.joined(separator: ", "), conflict.reason.map { ": " + $0 } ?? "")
    }

    /// A colleague's change that made the advisor's step impossible.
    public func conflict(_ id: CaseID, _ change: ColleagueChange) -> String {
        self(
            .errorConflict, id, change.actor, clockTime(change.at, timeZone: .netherlands),
            change.events.joined(separator: ", "), "")
    }

    /// `14:05`, or `3 dec 14:05` on another day than today.
    func clockTime(_ date: Date, timeZone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.hour, .minute], from: date)
        let time = String(format: "%02d:%02d", parts.hour ?? 0, parts.minute ?? 0)
        return calendar.isDateInToday(date) ? time : CalendarDate(date, in: timeZone).dutch + " " + time
    }
}

extension Localizer {
    /// Whether the file system holding `path` has no room left for this user.
    static func diskIsFull(under path: String) -> Bool {
        var info = statvfs()
        let directory = (path as NSString).deletingLastPathComponent
        guard statvfs(directory.isEmpty ? "." : directory, &info) == 0 else { return false }
        return info.f_bavail == 0
    }
}

extension Localizer {
    /// How a commit is damaged, in this language where the store said it in words of its own; a
    /// decoder's own detail is left out (`schakel check` and `repair` name the commit).
    public func commitDamage(_ reason: String) -> String {
        if reason.hasPrefix("it cannot be read") { return self(.storeReasonUnreadable) }
        if reason == "it is missing" { return self(.storeReasonMissing) }
        if reason.hasPrefix("its seal does not hold") { return self(.storeReasonSealBroken) }
        if reason.hasPrefix("it is not sealed") { return self(.storeReasonNotSealed) }
        if reason.hasPrefix("it says it is commit "),
            let other = UInt64(reason.dropFirst("it says it is commit ".count))
        {
            return self(.storeReasonSaysOther, other)
        }
        return reason
    }
}
