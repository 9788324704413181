import Foundation

extension Report {
    /// The default minimum size of a group shown with its figures.
    public static let standardMinimum = 5

    /// Counts every case and consultation into its group's row and the total.
    ///
    /// A step counts in the period its moment falls in (in `timeZone`): a registration by when the
    /// case was received, a decision, handback or re-escalation by when it was recorded, a lead time
    /// by its end, a deadline by its due day. `now` decides which open deadlines have passed.
    public init(
        cases: some Sequence<Case>, consultations: ConsultationLog, period: ReportPeriod, grouping: ReportGrouping,
        minimum: Int = Report.standardMinimum, now: Date, timeZone: TimeZone, threadRule: ThreadRule = .standard
    ) {
        var tally = Tally(
            period: period, grouping: grouping, now: now, timeZone: timeZone, threadRule: threadRule)
        // The first consultation of each case that consultations became.
        var threads: [CaseID: Date] = [:]
        for consultation in consultations.consultations.values {
            let promoted = consultations.promotedTo[consultation.id]
            tally.count(consultation, registered: promoted != nil)
            if let promoted { threads[promoted] = min(threads[promoted] ?? consultation.at, consultation.at) }
        }
        for c in cases {
            tally.count(c)
            if let first = threads[c.id] {
                tally.countThread(of: c, from: first, to: c.course?.marks.first?.at ?? c.receivedAt)
            }
        }
        self.init(
            period: period, grouping: grouping, minimum: minimum,
            rows: tally.rows(), total: tally.total.row(group: nil))
        suppressSmallGroups()
    }

    /// Holds back every row smaller than the minimum, and then, while the held-back rows together
    /// are still smaller (the total minus the rows shown would give them away), the smallest row shown.
    mutating func suppressSmallGroups() {
        func holdBackMonths(_ row: inout ReportRow) {
            row.monthly = row.monthly.map { count in count.flatMap { $0 > 0 && $0 < minimum ? nil : $0 } }
        }
        for index in rows.indices {
            rows[index].figures.holdBackLeadTimes(below: minimum)
            holdBackMonths(&rows[index])
            if rows[index].size > 0 && rows[index].size < minimum { rows[index].suppressed = true }
        }
        total.figures.holdBackLeadTimes(below: minimum)
        holdBackMonths(&total)
        if total.size > 0 && total.size < minimum { total.suppressed = true }
        while true {
            let held = rows.filter(\.suppressed).reduce(0) { $0 + $1.size }
            guard held > 0, held < minimum,
                let smallest = rows.indices.filter({ !rows[$0].suppressed && rows[$0].size > 0 })
                    .min(by: { rows[$0].size < rows[$1].size })
            else { return }
            rows[smallest].suppressed = true
        }
    }
}

/// The figures gathered per group while the cases and consultations are read.
private struct Tally {
    struct Group {
        var figures = ReportFigures()
        var toTriage: [Double] = []
        var toDecision: [Double] = []
        var procesregie: [Double] = []
        var threads: [Double] = []
        var monthly = [Int?](repeating: 0, count: 12)
        var cases = Set<CaseID>()
        var consultations = Set<ConsultationID>()

        func row(group: String?) -> ReportRow {
            var figures = self.figures
            figures.toTriage = LeadTime(days: toTriage)
            figures.toDecision = LeadTime(days: toDecision)
            figures.procesregie = LeadTime(days: procesregie)
            figures.threadsBeforeRegistration = LeadTime(days: threads)
            return ReportRow(
                group: group, figures: figures, monthly: monthly, size: cases.count + consultations.count)
        }
    }

    let period: ReportPeriod
    let grouping: ReportGrouping
    let now: Date
    let timeZone: TimeZone
    let threadRule: ThreadRule
    /// Where the period starts and ends (the first moment after it), and the trailing months'
    /// thirteen bounds, as moments: a report compares moments, never turning each into a day in
    /// the time zone (which costs a time zone lookup each, a second at 100,000 cases).
    let start: Date
    let end: Date
    let monthBounds: [Date]
    var groups: [String: Group] = [:]
    var total = Group()

    init(period: ReportPeriod, grouping: ReportGrouping, now: Date, timeZone: TimeZone, threadRule: ThreadRule) {
        self.period = period
        self.grouping = grouping
        self.now = now
        self.timeZone = timeZone
        self.threadRule = threadRule
        start = period.from.start(in: timeZone)
        end = period.to.adding(days: 1).start(in: timeZone)
        let months = period.trailingMonths
        monthBounds = months.map { $0.from.start(in: timeZone) } + [end]
    }

    func rows() -> [ReportRow] {
        guard grouping != .total else { return [] }
        // Named groups in alphabetical order, the cases without one last.
        return groups.map { (key: ($0.key.isEmpty ? 1 : 0, Vocabulary.key($0.key)), row: $0.value.row(group: $0.key)) }
            .sorted { $0.key < $1.key }.map(\.row)
    }

    private mutating func update(_ key: String, _ change: (inout Group) -> Void) {
        change(&total)
        if grouping != .total { change(&groups[key, default: Group()]) }
    }

    private func inPeriod(_ moment: Date) -> Bool { start <= moment && moment < end }

    /// Which of the trailing months `moment` falls in.
    private func month(of moment: Date) -> Int? {
        guard let first = monthBounds.first, moment >= first, moment < end else { return nil }
        return monthBounds.lastIndex { $0 <= moment }
    }

    private static func days(_ from: Date, _ to: Date) -> Double { max(0, to.timeIntervalSince(from)) / 86_400 }

    mutating func count(_ c: Case) {
        let key = grouping.key(c)
        let id = c.id
        if inPeriod(c.receivedAt) { update(key) { $0.figures.registrations += 1 } }
        if let month = month(of: c.receivedAt) {
            update(key) { $0.monthly[month] = ($0.monthly[month] ?? 0) + 1 }
        }
        if inPeriod(c.receivedAt) { update(key) { _ = $0.cases.insert(id) } }
        let course = c.course ?? CaseCourse()
        if let triaged = course.marks.first(where: { $0.kind == .triaged })?.at, inPeriod(triaged) {
            let days = Self.days(c.receivedAt, triaged)
            update(key) {
                $0.toTriage.append(days)
                $0.cases.insert(id)
            }
        }
        for decision in course.triageDecisions where inPeriod(decision.decidedAt) {
            let days = Self.days(decision.triagedAt, decision.decidedAt)
            update(key) {
                $0.figures.outcomes[decision.outcome, default: 0] += 1
                $0.toDecision.append(days)
                $0.cases.insert(id)
            }
        }
        for moment in course.moments(.handedBack) where inPeriod(moment) {
            update(key) {
                $0.figures.handbacks += 1
                $0.cases.insert(id)
            }
        }
        for moment in course.moments(.reescalated) where inPeriod(moment) {
            update(key) {
                $0.figures.reescalations += 1
                $0.cases.insert(id)
            }
        }
        for stay in course.procesregiePeriods {
            guard let end = stay.to, inPeriod(end) else { continue }
            let days = Self.days(stay.from, end)
            update(key) {
                $0.procesregie.append(days)
                $0.cases.insert(id)
            }
        }
        // A closed case's deadlines still open ended when it closed.
        let closedAt = c.status.isOpen ? nil : course.marks.last { $0.kind == .status }?.at
        for deadline in c.deadlines { count(deadline, of: id, key: key, closedAt: closedAt) }
    }

    private mutating func count(_ d: Deadline, of id: CaseID, key: String, closedAt: Date?) {
        let end: Date
        switch d.due {
        case .moment(let moment):
            guard inPeriod(moment) else { return }
            end = moment
        case .day(let day):
            guard period.contains(day) else { return }
            end = day.adding(days: 1).start(in: timeZone)
        }
        // Met: when. Lapsed (a review at a handback, a task closed): when it ended, late if after
        // it was due. Still open: now, or when the case closed.
        let finished = d.met ? (d.metAt ?? end) : (closedAt ?? now)
        // Not yet due, or ended unmet before it was: nothing to say about it.
        guard (d.met && !d.lapsed) || finished > end else { return }
        let inTime = d.met && !d.lapsed && finished <= end
        var farLate = false
        if !inTime, let set = d.setAt, end > set {
            farLate = finished.timeIntervalSince(set) > 3 * end.timeIntervalSince(set)
        }
        let zsm = d.kind == .zsmAnswer
        update(key) {
            if inTime { $0.figures.deadlinesInTime += 1 } else { $0.figures.deadlinesLate += 1 }
            if farLate { $0.figures.deadlinesFarLate += 1 }
            if zsm { $0.figures.zsmRequests += 1 }
            if zsm && inTime { $0.figures.zsmInTime += 1 }
            $0.cases.insert(id)
        }
    }

    mutating func count(_ c: Consultation, registered: Bool) {
        guard inPeriod(c.at) else { return }
        let id = c.id
        update(grouping.key(c)) {
            $0.figures.consultations += 1
            if registered { $0.figures.consultationsRegistered += 1 }
            $0.consultations.insert(id)
        }
    }

    /// A case registered from consultations: how long its thread ran before the registration.
    mutating func countThread(of c: Case, from first: Date, to registered: Date) {
        guard inPeriod(registered) else { return }
        let days = Self.days(first, registered)
        let tooLong = days > Double(threadRule.weeks * 7)
        let id = c.id
        update(grouping.key(c)) {
            $0.threads.append(days)
            if tooLong { $0.figures.heldTooLong += 1 }
            $0.cases.insert(id)
        }
    }
}
