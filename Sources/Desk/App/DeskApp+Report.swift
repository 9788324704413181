import CaseModel
import Foundation

extension DeskApp {
    /// The report the Rapportage pane asked for: one made before at this store position and day
    /// (paging back and forth), else made now over the book and noted in the access log.
    func report(_ period: ReportPeriod, _ grouping: ReportGrouping) -> Report {
        // Open deadlines pass with the day, and every commit may change a figure.
        let made = "\(store.position) \(context.today)"
        if reports.made != made { reports = (made, [:]) }
        let key = "\(period) \(grouping.rawValue)"
        if let report = reports.byKey[key] { return report }
        let report = Report(
            cases: store.book.cases.values, consultations: store.consultations, period: period, grouping: grouping,
            minimum: context.settings.reportMinimumGroup, now: context.clock.now, timeZone: context.timeZone,
            threadRule: context.settings.threadRule)
        // Figures, not persons: noted as a report, about no case.
        store.access?.record(.report, what: "report \(period) \(grouping.rawValue) desk", count: report.total.size)
        reports.byKey[key] = report
        return report
    }
}
