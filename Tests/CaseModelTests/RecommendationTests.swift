import CaseModel
import Foundation
import Testing

@Suite("The triage recommendation")
struct RecommendationTests {
    static let today = CalendarDate(year: 2026, month: 11, day: 24)!

    /// Thirteen domains, the first `low` of them at 2, the first `acute` of those at 1.
    static func zrm(low: Int, acute: Int = 0, daysAgo: Int = 3) -> ZRMScores {
        let domains = (1...13).map { "domein \($0)" }
        var scores: [String: Int] = [:]
        for (index, domain) in domains.enumerated() { scores[domain] = index < acute ? 1 : index < low ? 2 : 4 }
        return ZRMScores(scores: scores, assessedOn: today.adding(days: -daysAgo))
    }

    static let all3: [Int: Answer] = [1: .yes, 2: .yes, 3: .yes, 4: .no]

    @Test(
        "Outcome and phase by the rule",
        arguments: [
            // (criteria, zrm, signals, triggers, indicators) → (outcome, phase)
            (all3, zrm(low: 4), [], [], [], TriageOutcome.procesregie, AVEPhase.three),
            ([4: .yes], zrm(low: 0), [RiskSignal.wapens], [], [], .administrative, .four),
            (all3, zrm(low: 5, acute: 3), [.geweld], [], [], .administrative, .four),
            (all3, zrm(low: 5, acute: 2), [.geweld], [], [], .procesregie, .three),
            ([1: .yes, 2: .yes], zrm(low: 1), [], [], [], .advice, .two),
            ([1: .yes, 2: .yes], zrm(low: 2), [], [], [], .support, .two),
            ([1: .yes, 2: .yes], zrm(low: 0), [.kinderen], [], [], .support, .two),
            ([1: .no, 4: .no], zrm(low: 3), [], [], [], .support, .two),
            ([1: .no, 4: .no], zrm(low: 0), [], ["stagnation"], [], .support, .two),
            ([1: .no, 4: .no], zrm(low: 0), [], [], ["expertise", "crosses-borders"], .support, .two),
            ([1: .no, 4: .no], zrm(low: 1), [], [], [], .advice, .two),
            ([1: .no, 4: .no], zrm(low: 0), [], [], ["expertise"], .referral, .one),
            ([1: .no, 4: .no], zrm(low: 6, daysAgo: 45), [], [], [], .referral, .one),
        ] as [([Int: Answer], ZRMScores, [RiskSignal], Set<String>, Set<String>, TriageOutcome, AVEPhase)])
    func table(
        criteria: [Int: Answer], zrm: ZRMScores, signals: [RiskSignal], triggers: Set<String>, indicators: Set<String>,
        outcome: TriageOutcome, phase: AVEPhase
    ) throws {
        let instrument = try ShippedInstrument.parsed()
        let assessment = TriageAssessment(
            criteria: criteria, zrm: zrm, riskSignals: signals, indicators: indicators, triggers: triggers)
        let recommendation = instrument.recommend(assessment, today: Self.today)
        #expect(recommendation.outcome == outcome)
        #expect(recommendation.phase == phase)
    }

    @Test("The reasons are spelled out: criteria, domains, safety, triggers, indicators")
    func reasons() throws {
        let instrument = try ShippedInstrument.parsed()
        let assessment = TriageAssessment(
            criteria: Self.all3, zrm: Self.zrm(low: 4, acute: 1), riskSignals: [.wapens, .geweld],
            indicators: ["crosses-borders"], triggers: ["complexity"])
        #expect(
            instrument.recommend(assessment, today: Self.today).reasons == [
                .criteriaMet([1, 2, 3]), .lowDomains(count: 4), .acuteDomains(count: 1), .safety([.geweld, .wapens]),
                .trigger("complexity"), .indicator("crosses-borders"),
            ])
        let open = instrument.recommend(TriageAssessment(criteria: [1: .yes, 4: .no]), today: Self.today)
        #expect(open.reasons == [.criteriaOpen([2, 3]), .noZRM])
        let old = instrument.recommend(
            TriageAssessment(criteria: [4: .no, 1: .no], zrm: Self.zrm(low: 6, daysAgo: 31)), today: Self.today)
        #expect(old.reasons == [.criteriaNotMet, .zrmOutdated(days: 31)])
    }
}
