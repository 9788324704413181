import CaseModel

extension AppState {
    /// Where the desk is: a pane, a detail, or a form with its own state. The forms live in here,
    /// so no state can hold a form that is not in view (or show one it does not hold).
    public enum Route: Hashable, Sendable {
        case queue
        case detail(CaseID)
        case registration(RegistrationForm)
        case escalation(EscalationForm)
        case action(ActionForm)
        case partners
        case partnerDetail(OrganisationID, ContactID?)
        case consultations
        case consultationDetail(ConsultationID)
        case entry(EntryForm)
        case access
        case accessDetail(String)
        case report
    }

    /// Where a form goes back to when it is left: a pane or a detail, never a form (so a form cannot
    /// be told to return into another form).
    public enum Place: Hashable, Sendable {
        case queue
        case detail(CaseID)
        case partners
        case partnerDetail(OrganisationID, ContactID?)
        case consultations
        case consultationDetail(ConsultationID)
        case access
        case accessDetail(String)
        case report

        /// The place the view `mode` is; nil for a form.
        public init?(_ mode: Mode) {
            switch mode {
            case .form, .escalation, .action, .entry: return nil
            case .queue: self = .queue
            case .detail(let id): self = .detail(id)
            case .partners: self = .partners
            case .partnerDetail(let organisation, let contact): self = .partnerDetail(organisation, contact)
            case .consultations: self = .consultations
            case .consultationDetail(let id): self = .consultationDetail(id)
            case .access: self = .access
            case .accessDetail(let advisor): self = .accessDetail(advisor)
            case .report: self = .report
            }
        }

        public var route: Route {
            switch self {
            case .queue: .queue
            case .detail(let id): .detail(id)
            case .partners: .partners
            case .partnerDetail(let organisation, let contact): .partnerDetail(organisation, contact)
            case .consultations: .consultations
            case .consultationDetail(let id): .consultationDetail(id)
            case .access: .access
            case .accessDetail(let advisor): .accessDetail(advisor)
            case .report: .report
            }
        }
    }

    /// What kind of view the route is (the keymap, the tab bar and the view switch on it).
    public var mode: Mode {
        switch route {
        case .queue: .queue
        case .detail(let id): .detail(id)
        case .registration: .form
        case .escalation: .escalation
        case .action: .action
        case .partners: .partners
        case .partnerDetail(let organisation, let contact): .partnerDetail(organisation, contact)
        case .consultations: .consultations
        case .consultationDetail(let id): .consultationDetail(id)
        case .entry: .entry
        case .access: .access
        case .accessDetail(let advisor): .accessDetail(advisor)
        case .report: .report
        }
    }

    // The form in view, if it is of that kind. Setting one changes the form in view; where another
    // view is shown, setting changes nothing (a form is opened by setting `route`).
    public var registration: RegistrationForm? {
        get { if case .registration(let form) = route { form } else { nil } }
        set { if let newValue, case .registration = route { route = .registration(newValue) } }
    }
    public var escalation: EscalationForm? {
        get { if case .escalation(let form) = route { form } else { nil } }
        set { if let newValue, case .escalation = route { route = .escalation(newValue) } }
    }
    public var action: ActionForm? {
        get { if case .action(let form) = route { form } else { nil } }
        set { if let newValue, case .action = route { route = .action(newValue) } }
    }
    public var entry: EntryForm? {
        get { if case .entry(let form) = route { form } else { nil } }
        set { if let newValue, case .entry = route { route = .entry(newValue) } }
    }
}
