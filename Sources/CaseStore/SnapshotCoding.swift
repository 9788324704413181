import CaseModel
import Foundation

// The compact binary layout of a case, the partner directory and the consultation log, as the
// snapshot (`SnapshotStore`) keeps them: length-prefixed, hand-written, because decoding a
// region's 100,000 cases with JSONDecoder takes most of a second and this takes tens of
// milliseconds.

private struct Invalid: Error { var what: String }

extension BinaryWriter {
    mutating func write(_ c: Case) {
        int(c.id.year)
        int(c.id.sequence)
        array(c.persons) { w, p in w.write(p) }
        string(c.gemeente)
        optional(c.wijkteam) { w, v in w.string(v) }
        string(c.source.rawValue)
        optional(c.referrer) { w, v in
            w.string(v.organisation)
            w.string(v.contact)
        }
        string(c.reason)
        string(c.goal)
        date(c.receivedAt)
        string(c.status.rawValue)
        int(c.avePhase?.rawValue ?? 0)
        array(c.responsibilities.sorted { $0.key.rawValue < $1.key.rawValue }) { w, pair in
            w.string(pair.key.rawValue)
            w.string(pair.value.organisation)
            w.string(pair.value.person)
        }
        array(c.riskSignals) { w, v in w.string(v.rawValue) }
        array(c.deadlines) { w, d in w.write(d) }
        optional(c.advisor) { w, v in w.string(v) }
        date(c.lastActivityAt)
        array(c.history) { w, v in w.u64(v) }
        optional(c.triage) { w, t in w.write(t) }
        optional(c.decision) { w, d in w.write(d) }
        optional(c.lawful) { w, l in w.write(l) }
        array(c.sharings) { w, s in w.write(s) }
        optional(c.purgedAt) { w, d in w.date(d) }
        optional(c.course) { w, course in
            w.array(course.marks) { w, m in
                w.date(m.at)
                w.string(m.kind.rawValue)
                w.optional(m.status) { w, v in w.string(v.rawValue) }
                w.optional(m.outcome) { w, v in w.string(v.rawValue) }
            }
        }
    }

    mutating func write(_ l: LawfulBasis) {
        optional(l.ground) { w, g in w.string(g.rawValue) }
        string(l.exception)
        switch l.informing {
        case nil: u8(0)
        case .informed(let on, let by):
            u8(1)
            int(on.dayNumber)
            string(by)
        case .notInformed(let reason):
            u8(2)
            string(reason)
        }
        string(l.confidentiality.rawValue)
    }

    mutating func write(_ s: Sharing) {
        int(s.number)
        string(s.organisation.description)
        optional(s.contact) { w, c in w.string(c.description) }
        string(s.recipient)
        bool(s.covenant)
        array(s.categories) { w, c in w.string(c.rawValue) }
        string(s.ground.rawValue)
        date(s.at)
        string(s.by)
        string(s.reason)
    }

    mutating func write(_ t: TriageRecorded) {
        array(t.criteria) { w, a in
            w.int(a.number)
            w.string(a.answer.rawValue)
            w.string(a.note)
        }
        array(t.zrmScores.sorted { $0.key < $1.key }) { w, pair in
            w.string(pair.key)
            w.int(pair.value)
        }
        optional(t.zrmAssessedOn) { w, v in w.int(v.dayNumber) }
        array(t.indicators) { w, v in w.string(v) }
        array(t.triggers) { w, v in w.string(v) }
    }

    mutating func write(_ d: DecisionRecorded) {
        string(d.outcome.rawValue)
        int(d.phase.rawValue)
        array(d.holders) { w, h in
            w.string(h.responsibility.rawValue)
            w.string(h.holder.organisation)
            w.string(h.holder.person)
        }
        string(d.rationale)
        string(d.recommendedOutcome.rawValue)
        int(d.recommendedPhase.rawValue)
        optional(d.deviationReason) { w, v in w.string(v) }
        optional(d.referredTo) { w, v in w.string(v) }
        array(d.tasks) { w, t in
            w.string(t.partner)
            w.string(t.task)
            w.int(t.due.dayNumber)
        }
        optional(d.nextReview) { w, v in w.int(v.dayNumber) }
    }

    mutating func write(_ p: Person) {
        string(p.name)
        optional(p.birthDate) { w, v in w.int(v.dayNumber) }
        optional(p.bsn) { w, v in w.string(v.digits) }
        optional(p.address) { w, a in
            w.string(a.street)
            w.optional(a.postcode) { w, v in w.string(v.value) }
            w.string(a.place)
        }
        string(p.role.rawValue)
    }

    mutating func write(_ d: Deadline) {
        string(d.kind.rawValue)
        switch d.due {
        case .day(let day):
            u8(0)
            int(day.dayNumber)
        case .moment(let moment):
            u8(1)
            date(moment)
        }
        optional(d.hardLimit) { w, v in w.date(v) }
        bool(d.met)
        bool(d.lapsed)
        optional(d.label) { w, v in w.string(v) }
        optional(d.number) { w, v in w.int(v) }
        optional(d.metAt) { w, v in w.date(v) }
        optional(d.setAt) { w, v in w.date(v) }
    }
}

extension BinaryWriter {
    mutating func write(_ d: PartnerDirectory) {
        int(d.lastOrganisationNumber)
        int(d.lastContactNumber)
        array(d.organisations.values.sorted { $0.id < $1.id }) { w, o in
            w.int(o.id.value)
            w.string(o.type.rawValue)
            w.string(o.name)
            w.array(o.gemeenten) { w, g in w.string(g) }
            w.bool(o.covenantSigned)
            w.optional(o.covenantDate) { w, v in w.int(v.dayNumber) }
        }
        array(d.contacts.values.sorted { $0.id < $1.id }) { w, c in
            w.int(c.id.value)
            w.int(c.organisation.value)
            w.string(c.name)
            w.string(c.role)
            w.array(c.phones) { w, p in
                w.string(p.number.e164)
                w.string(p.kind.rawValue)
            }
            w.array(c.emails) { w, e in
                w.string(e.address.value)
                w.string(e.kind.rawValue)
            }
            w.string(c.availability)
            w.string(c.notes)
        }
        array(d.lastReached.sorted { $0.key < $1.key }) { w, pair in
            w.int(pair.key.value)
            w.int(pair.value.dayNumber)
        }
        array(d.links) { w, l in
            w.int(l.caseID.year)
            w.int(l.caseID.sequence)
            w.int(l.contact.value)
            w.string(l.role.rawValue)
        }
    }

    mutating func write(_ log: ConsultationLog) {
        int(log.lastNumber)
        array(log.consultations.values.sorted { $0.id < $1.id }) { w, c in
            w.int(c.id.value)
            w.date(c.at)
            w.string(c.gemeente)
            w.string(c.wijkteam)
            w.string(c.member)
            w.string(c.question)
            w.string(c.sketch)
            w.string(c.advice)
            w.optional(c.durationMinutes) { w, v in w.int(v) }
            w.string(c.followUp.rawValue)
            w.optional(c.thread) { w, v in w.string(v) }
            w.bool(c.safetySignal)
            w.optional(c.advisor) { w, v in w.string(v) }
            w.array(c.acceptedFindings) { w, v in w.string(v) }
            w.optional(c.purgedAt) { w, d in w.date(d) }
        }
        array(log.promotedTo.sorted { $0.key < $1.key }) { w, pair in
            w.int(pair.key.value)
            w.int(pair.value.year)
            w.int(pair.value.sequence)
        }
    }
}

extension BinaryWriter {
    mutating func write(_ links: [CaseLink]) {
        array(links) { w, l in
            w.int(l.caseID.year)
            w.int(l.caseID.sequence)
            w.int(l.contact.value)
            w.string(l.role.rawValue)
        }
    }
}

extension BinaryReader {
    mutating func readLinks() throws -> [CaseLink] {
        try array { r in
            CaseLink(
                caseID: CaseID(year: try r.int(), sequence: try r.int()), contact: ContactID(try r.int()),
                role: try r.value(CaseContactRole.self))
        }
    }

    mutating func readPartners() throws -> PartnerDirectory {
        let lastOrganisation = try int()
        let lastContact = try int()
        let organisations = try array { r in
            Organisation(
                id: OrganisationID(try r.int()), type: try r.value(PartnerType.self), name: try r.string(),
                gemeenten: try r.array { r in try r.string() }, covenantSigned: try r.bool(),
                covenantDate: try r.optional { r in CalendarDate(dayNumber: try r.int()) })
        }
        let contacts = try array { r in
            Contact(
                id: ContactID(try r.int()), organisation: OrganisationID(try r.int()), name: try r.string(),
                role: try r.string(),
                phones: try r.array { r in
                    ContactPhone(PhoneNumber(trusted: try r.string()), kind: try r.value(ReachKind.self))
                },
                emails: try r.array { r in
                    ContactEmail(EmailAddress(trusted: try r.string()), kind: try r.value(ReachKind.self))
                },
                availability: try r.string(), notes: try r.string())
        }
        let reached = try array { r in (ContactID(try r.int()), CalendarDate(dayNumber: try r.int())) }
        let links = try array { r in
            CaseLink(
                caseID: CaseID(year: try r.int(), sequence: try r.int()), contact: ContactID(try r.int()),
                role: try r.value(CaseContactRole.self))
        }
        return PartnerDirectory(
            organisations: Dictionary(organisations.map { ($0.id, $0) }, uniquingKeysWith: { _, last in last }),
            contacts: Dictionary(contacts.map { ($0.id, $0) }, uniquingKeysWith: { _, last in last }),
            lastReached: Dictionary(reached, uniquingKeysWith: max), links: links,
            lastOrganisationNumber: lastOrganisation, lastContactNumber: lastContact)
    }

    mutating func readConsultations() throws -> ConsultationLog {
        let last = try int()
        let entries = try array { r in
            Consultation(
                id: ConsultationID(try r.int()), at: try r.date(), gemeente: try r.string(), wijkteam: try r.string(),
                member: try r.string(), question: try r.string(), sketch: try r.string(), advice: try r.string(),
                durationMinutes: try r.optional { r in try r.int() }, followUp: try r.value(FollowUp.self),
                thread: try r.optional { r in try r.string() }, safetySignal: try r.bool(),
                advisor: try r.optional { r in try r.string() }, acceptedFindings: try r.array { r in try r.string() },
                purgedAt: try r.optional { r in try r.date() })
        }
        let promoted = try array { r in (ConsultationID(try r.int()), CaseID(year: try r.int(), sequence: try r.int()))
        }
        return ConsultationLog(
            consultations: Dictionary(entries.map { ($0.id, $0) }, uniquingKeysWith: { _, last in last }),
            promotedTo: Dictionary(promoted, uniquingKeysWith: { _, last in last }), lastNumber: last)
    }

    private mutating func value<T: RawRepresentable>(_ type: T.Type) throws -> T where T.RawValue == String {
        let raw = try string()
        guard let v = T(rawValue: raw) else { throw Invalid(what: "\(T.self) \(raw)") }
        return v
    }

    mutating func readCase() throws -> Case {
        let id = CaseID(year: try int(), sequence: try int())
        let persons = try array { r in try r.readPerson() }
        let gemeente = try string()
        let wijkteam = try optional { r in try r.string() }
        let source = try value(Source.self)
        let referrer = try optional { r in Referrer(organisation: try r.string(), contact: try r.string()) }
        let reason = try string()
        let goal = try string()
        let receivedAt = try date()
        let status = try value(CaseStatus.self)
        let phase = AVEPhase(rawValue: try int())
        let responsibilities = try array { r in
            (
                try r.value(Responsibility.self),
                ResponsibilityHolder(organisation: try r.string(), person: try r.string())
            )
        }
        return Case(
            id: id, persons: persons, gemeente: gemeente, wijkteam: wijkteam, source: source, referrer: referrer,
            reason: reason, goal: goal, receivedAt: receivedAt, status: status, avePhase: phase,
            responsibilities: Dictionary(responsibilities, uniquingKeysWith: { _, last in last }),
            riskSignals: try array { r in try r.value(RiskSignal.self) },
            deadlines: try array { r in try r.readDeadline() },
            advisor: try optional { r in try r.string() },
            lastActivityAt: try date(),
            history: try array { r in try r.u64() },
            triage: try optional { r in try r.readTriage(caseID: id) },
            decision: try optional { r in try r.readDecision(caseID: id) },
            lawful: try optional { r in try r.readLawfulBasis() },
            sharings: try array { r in try r.readSharing() },
            purgedAt: try optional { r in try r.date() },
            course: try optional { r in
                CaseCourse(
                    marks: try r.array { r in
                        CaseCourse.Mark(
                            at: try r.date(), kind: try r.value(CaseCourse.Mark.Kind.self),
                            status: try r.optional { r in try r.value(CaseStatus.self) },
                            outcome: try r.optional { r in try r.value(TriageOutcome.self) })
                    })
            })
    }

    mutating func readLawfulBasis() throws -> LawfulBasis {
        let ground = try optional { r in try r.value(LegalGround.self) }
        let exception = try string()
        let informing: Informing?
        switch try u8() {
        case 0: informing = nil
        case 1: informing = .informed(on: CalendarDate(dayNumber: try int()), by: try string())
        case 2: informing = .notInformed(reason: try string())
        case let tag: throw Invalid(what: "informing \(tag)")
        }
        return LawfulBasis(
            ground: ground, exception: exception, informing: informing,
            confidentiality: try value(Confidentiality.self))
    }

    mutating func readSharing() throws -> Sharing {
        Sharing(
            number: try int(), organisation: try OrganisationID(try string()),
            contact: try optional { r in try ContactID(try r.string()) }, recipient: try string(),
            covenant: try bool(), categories: try array { r in try r.value(DataCategory.self) },
            ground: try value(LegalGround.self), at: try date(), by: try string(), reason: try string())
    }

    mutating func readTriage(caseID: CaseID) throws -> TriageRecorded {
        let criteria = try array { r in
            CriterionAnswer(number: try r.int(), answer: try r.value(Answer.self), note: try r.string())
        }
        let scores = try array { r in (try r.string(), try r.int()) }
        return TriageRecorded(
            caseID: caseID, criteria: criteria, zrmScores: Dictionary(scores, uniquingKeysWith: { _, last in last }),
            zrmAssessedOn: try optional { r in CalendarDate(dayNumber: try r.int()) },
            indicators: try array { r in try r.string() }, triggers: try array { r in try r.string() })
    }

    mutating func readDecision(caseID: CaseID) throws -> DecisionRecorded {
        let outcome = try value(TriageOutcome.self)
        let phase = try phaseValue()
        let holders = try array { r in
            ResponsibilityAssignment(
                try r.value(Responsibility.self),
                ResponsibilityHolder(organisation: try r.string(), person: try r.string()))
        }
        let rationale = try string()
        return DecisionRecorded(
            caseID: caseID, outcome: outcome, phase: phase, holders: holders, rationale: rationale,
            recommendedOutcome: try value(TriageOutcome.self), recommendedPhase: try phaseValue(),
            deviationReason: try optional { r in try r.string() }, referredTo: try optional { r in try r.string() },
            tasks: try array { r in
                PlanTask(partner: try r.string(), task: try r.string(), due: CalendarDate(dayNumber: try r.int()))
            },
            nextReview: try optional { r in CalendarDate(dayNumber: try r.int()) })
    }

    private mutating func phaseValue() throws -> AVEPhase {
        let raw = try int()
        guard let phase = AVEPhase(rawValue: raw) else { throw Invalid(what: "AVE phase \(raw)") }
        return phase
    }

    mutating func readPerson() throws -> Person {
        let name = try string()
        let birth = try optional { r in CalendarDate(dayNumber: try r.int()) }
        let bsn = try optional { r in BSN(trusted: try r.string()) }
        let address = try optional { r in
            Address(
                street: try r.string(), postcode: try r.optional { r in Postcode(trusted: try r.string()) },
                place: try r.string())
        }
        return Person(name: name, birthDate: birth, bsn: bsn, address: address, role: try value(PersonRole.self))
    }

    mutating func readDeadline() throws -> Deadline {
        let kind = try value(Deadline.Kind.self)
        let due: Deadline.Due = try u8() == 0 ? .day(CalendarDate(dayNumber: try int())) : .moment(try date())
        let hard = try optional { r in try r.date() }
        let met = try bool()
        let lapsed = try bool()
        let label = try optional { r in try r.string() }
        return Deadline(
            kind: kind, due: due, hardLimit: hard, met: met, lapsed: lapsed, label: label,
            number: try optional { r in try r.int() }, metAt: try optional { r in try r.date() },
            setAt: try optional { r in try r.date() })
    }
}
