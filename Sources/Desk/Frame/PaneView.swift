import Screen

/// A view the route can show (a pane's list, a detail, a form): how it is drawn, how it answers
/// the commands that are its own, and which key scopes hold there. The frame (`DeskView`,
/// `Reducer`, `DeskKeymap`) asks the route's view instead of switching over every view itself,
/// so a new pane is a folder of views and one line for each in `AppState.Mode.view` (and one case
/// in `DeskPane` for its tab).
protocol PaneView {
    /// Draws the view into the pane's rectangle; returns where the text cursor belongs, if anywhere.
    static func render(_ state: AppState, _ context: DeskContext, in rect: Rect, into buffer: inout ScreenBuffer)
        -> (x: Int, y: Int)?
    /// Answers a command no part of the frame took.
    static func reduce(_ state: inout AppState, _ command: Command, context: DeskContext) -> [Effect]
    /// The key scopes looked up here, most specific first.
    static func scopes(_ state: AppState) -> [KeyScope]
    /// The tab that is lit while this view is shown (a detail's is its list's, a form's the pane it
    /// was opened from).
    static func tab(_ state: AppState) -> DeskPane
}

extension AppState.Mode {
    /// The registry: the view each kind of route shows.
    var view: any PaneView.Type {
        switch self {
        case .queue: QueueView.self
        case .detail: CaseDetailView.self
        case .form: RegistrationView.self
        case .action: StepFormView.self
        case .escalation: EscalationView.self
        case .partners: PartnersView.self
        case .partnerDetail: PartnerCardView.self
        case .consultations: ConsultationsView.self
        case .consultationDetail: ConsultationCardView.self
        case .entry: EntryView.self
        case .access: AccessView.self
        case .accessDetail: AdvisorAccessView.self
        case .report: ReportView.self
        }
    }
}
