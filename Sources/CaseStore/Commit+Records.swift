import CaseModel
import Foundation

// What a commit is about, as the store needs it for partial loading and for conflict messages.

extension ConsultationEvent {
    /// The case a promotion registers.
    var caseID: CaseID? {
        if case .promoted(let p) = self { return p.caseID }
        return nil
    }
}

extension Commit {
    /// The names of the commit's events, for messages.
    public var typeNames: [String] {
        events.map(\.typeName) + partnerEvents.map(\.typeName) + consultationEvents.map(\.typeName)
    }

    /// True when this commit and `other` are about a same case.
    func touches(_ other: Commit) -> Bool { sharedRecord(with: other) != nil }

    func sharedRecord(with other: Commit) -> String? {
        let mine = Set(events.map(\.caseID) + partnerEvents.compactMap(\.caseID))
        return (other.events.map(\.caseID) + other.partnerEvents.compactMap(\.caseID)).first(where: mine.contains)?
            .description
    }
}
