import Foundation

/// When repeated consultations on one thread should lead to a formal registration.
public struct ThreadRule: Codable, Hashable, Sendable {
    /// This many consultations on one thread ...
    public var count: Int
    /// ... within this many weeks suggest registering.
    public var weeks: Int

    public init(count: Int = 3, weeks: Int = 8) {
        self.count = count
        self.weeks = weeks
    }

    public static let standard = ThreadRule()
}

/// Why the desk suggests registering a consultation's situation formally.
public enum RegistrationSuggestion: Hashable, Sendable {
    /// The member said so at the end of the consultation.
    case agreed
    /// Someone's safety is a concern.
    case safetySignal
    /// `count` consultations on the same thread within the rule's weeks.
    case repeated(count: Int)
}

/// Every consultation, as derived from the journal's consultation events.
public struct ConsultationLog: Hashable, Sendable {
    public enum ApplyError: Error, Hashable, Sendable, CustomStringConvertible {
        case unknownConsultation(ConsultationID)
        case unknownCase(CaseID)
        case alreadyPromoted(ConsultationID)
        case numberOutOfTurn(ConsultationID)
        /// Its text was removed at the end of its retention period: it is not corrected or registered.
        case purged(ConsultationID)

        public var description: String {
            switch self {
            case .unknownConsultation(let id): return "event for unknown consultation \(id)"
            case .unknownCase(let id): return "consultation promoted to unknown case \(id)"
            case .alreadyPromoted(let id): return "consultation \(id) was already registered as a case"
            case .numberOutOfTurn(let id): return "new consultation \(id) skips numbers"
            case .purged(let id): return "consultation \(id) was purged"
            }
        }
    }

    public private(set) var consultations: [ConsultationID: Consultation]
    /// The case each registered consultation became.
    public private(set) var promotedTo: [ConsultationID: CaseID]
    public internal(set) var lastNumber: Int
    /// The consultations of each thread (by `threadKey`), in number order: derived, so the thread
    /// rule looks at one thread instead of the whole log.
    private var threads: [String: [ConsultationID]] = [:]

    public init(
        consultations: [ConsultationID: Consultation] = [:], promotedTo: [ConsultationID: CaseID] = [:],
        lastNumber: Int = 0
    ) {
        self.consultations = consultations
        self.promotedTo = promotedTo
        self.lastNumber = lastNumber
        // The numbers sorted, not the records (a region's 50,000 are copied otherwise).
        for id in consultations.keys.sorted() {
            if let key = consultations[id]?.threadKey { threads[key, default: []].append(id) }
        }
    }

    public var nextID: ConsultationID { ConsultationID(lastNumber + 1) }
    public subscript(id: ConsultationID) -> Consultation? { consultations[id] }

    /// Applies one commit's consultation events whole, or throws and leaves the log as it was. Only
    /// the entries touched are remembered for the way back, so replaying a long journal stays linear.
    public mutating func apply(_ events: [ConsultationEvent], cases: CaseBook, at: Date) throws(ApplyError) {
        guard !events.isEmpty else { return }
        var saved: [(ConsultationID, Consultation?, CaseID?)] = []
        let savedNumber = lastNumber
        func remember(_ id: ConsultationID) {
            if !saved.contains(where: { $0.0 == id }) { saved.append((id, consultations[id], promotedTo[id])) }
        }
        do throws(ApplyError) {
            for event in events {
                switch event {
                case .logged(let c):
                    guard c.id.value == lastNumber + 1 else { throw ApplyError.numberOutOfTurn(c.id) }
                    remember(c.id)
                    consultations[c.id] = c
                    lastNumber = c.id.value
                    if let key = c.threadKey { threads[key, default: []].append(c.id) }
                case .corrected(let c):
                    guard let old = consultations[c.id] else { throw ApplyError.unknownConsultation(c.id) }
                    guard old.purgedAt == nil else { throw ApplyError.purged(c.id) }
                    remember(c.id)
                    if let key = old.threadKey { threads[key]?.removeAll { $0 == c.id } }
                    consultations[c.id] = c
                    if let key = c.threadKey {
                        threads[key, default: []].append(c.id)
                        threads[key]?.sort()
                    }
                case .promoted(let e):
                    guard cases[e.caseID] != nil else { throw ApplyError.unknownCase(e.caseID) }
                    for id in e.consultations {
                        guard consultations[id] != nil else { throw ApplyError.unknownConsultation(id) }
                        guard promotedTo[id] == nil else { throw ApplyError.alreadyPromoted(id) }
                        guard consultations[id]?.purgedAt == nil else { throw ApplyError.purged(id) }
                        remember(id)
                        promotedTo[id] = e.caseID
                    }
                case .purged(let e):
                    for id in e.consultations {
                        guard let old = consultations[id] else { throw ApplyError.unknownConsultation(id) }
                        remember(id)
                        if let key = old.threadKey { threads[key]?.removeAll { $0 == id } }
                        var purged = old.redacted
                        purged.purgedAt = old.purgedAt ?? at
                        consultations[id] = purged
                    }
                }
            }
        } catch {
            for (id, consultation, promoted) in saved.reversed() {
                if let key = consultations[id]?.threadKey { threads[key]?.removeAll { $0 == id } }
                if let key = consultation?.threadKey {
                    threads[key, default: []].append(id)
                    threads[key]?.sort()
                }
                consultations[id] = consultation
                promotedTo[id] = promoted
            }
            lastNumber = savedNumber
            throw error
        }
    }

    // MARK: Reading

    /// Newest first.
    public var newestFirst: [Consultation] {
        newestFirstIDs.compactMap { consultations[$0] }
    }

    /// The numbers of `newestFirst`: sorted by moment and number alone, never moving the records.
    public var newestFirstIDs: [ConsultationID] {
        consultations.values.map { (at: $0.at, id: $0.id) }.sorted { ($0.at, $0.id) > ($1.at, $1.id) }.map(\.id)
    }

    /// The consultations that became `caseID`, oldest first.
    public func consultations(promotedTo caseID: CaseID) -> [Consultation] {
        promotedTo.filter { $0.value == caseID }.compactMap { consultations[$0.key] }.sorted {
            ($0.at, $0.id) < ($1.at, $1.id)
        }
    }

    /// The consultations on the same thread as `c` that are not yet registered (`c` included), oldest first.
    public func openThread(of c: Consultation) -> [Consultation] {
        guard promotedTo[c.id] == nil else { return [] }
        guard c.threadKey != nil else { return [c] }
        return openThread(wijkteam: c.wijkteam, thread: c.thread ?? "")
    }

    /// The consultations not yet registered on a thread, as typed in a form (before it is saved).
    public func openThread(wijkteam: String, thread: String) -> [Consultation] {
        guard let key = Consultation.threadKey(wijkteam: wijkteam, thread: thread) else { return [] }
        return (threads[key] ?? []).filter { promotedTo[$0] == nil }.compactMap { consultations[$0] }.sorted {
            ($0.at, $0.id) < ($1.at, $1.id)
        }
    }

    /// Whether the desk should suggest registering `c`'s situation formally, and why.
    public func suggestion(for c: Consultation, now: Date, rule: ThreadRule) -> RegistrationSuggestion? {
        guard promotedTo[c.id] == nil else { return nil }
        let thread = openThread(of: c)
        if thread.contains(where: \.safetySignal) { return .safetySignal }
        if thread.contains(where: { $0.followUp == .registration }) { return .agreed }
        let since = now.addingTimeInterval(-Double(rule.weeks) * 7 * 86_400)
        let recent = thread.filter { $0.at >= since && $0.at <= now }.count
        return c.threadKey != nil && recent >= rule.count ? .repeated(count: recent) : nil
    }

    /// Per wijkteam: how many consultations there were and how many led to a registration.
    public struct WijkteamFigures: Hashable, Sendable {
        public var wijkteam: String
        public var consultations: Int
        public var registered: Int

        public init(wijkteam: String, consultations: Int, registered: Int) {
            self.wijkteam = wijkteam
            self.consultations = consultations
            self.registered = registered
        }
    }

    public func figuresPerWijkteam() -> [WijkteamFigures] {
        var figures: [String: WijkteamFigures] = [:]
        for c in consultations.values {
            var f = figures[c.wijkteam] ?? WijkteamFigures(wijkteam: c.wijkteam, consultations: 0, registered: 0)
            f.consultations += 1
            if promotedTo[c.id] != nil { f.registered += 1 }
            figures[c.wijkteam] = f
        }
        return figures.values.sorted { ($1.consultations, $0.wijkteam) < ($0.consultations, $1.wijkteam) }
    }
}
