import CaseStore

extension Localizer {
    /// What the store had to repair or take over on opening, in the desk's language. The desk shows
    /// it in the status line; the command line prints it on stderr.
    public func describe(_ notice: StoreNotice) -> String {
        switch notice {
        case .tornTailRemoved(let bytes, _): return self(.noticeTorn, bytes)
        case .tornTailIgnored(let bytes, _): return self(.noticeTornIgnored, bytes)
        case .lockTakenOver(let holder): return self(.noticeLock, "\(holder.user)@\(holder.host)", holder.pid)
        case .snapshotRebuilt(let reason): return self(.noticeSnapshot, reason)
        }
    }
}
