import Screen

/// The desk's keys, as one table: behaviour, footer and help overlay all read it.
public enum DeskKeymap {
    public typealias Binding = Keymap<KeyScope, Command>.Binding

    /// The grammar every pane that takes no typing shares (DECISIONS 83): Tab and S-Tab (and F6,
    /// S-F6) to the next and previous pane, 1–5 straight to one, `?` and F1 help, `/` search
    /// where there is a list. `q` and Esc are bound per scope: both close what is in view.
    private static func paneKeys(_ scope: KeyScope) -> [Binding] {
        [
            Binding(scope, [.tab, .function(6)], .nextTab, title: "key.nextTab", inFooter: false),
            Binding(scope, [.backTab, .function(18)], .previousTab, title: "key.previousTab", inFooter: false),
        ]
            + DeskPane.allCases.indices.map { index in
                Binding(
                    scope, [.character(Character(String(index + 1)))], .showTab(index), title: "key.tabs",
                    inFooter: false)
            }
            + [
                Binding(scope, [.character("?")], .showHelp, title: "key.help"),
                Binding(scope, [.function(1)], .showHelp, title: "key.help", inFooter: false),
            ]
    }

    /// Every form's keys: Tab/↓ and S-Tab/↑ between fields, Enter on, F2 saves, Esc cancels (and
    /// asks when something was typed), ←/→ choose or move the cursor, F1 help, F6/S-F6 to another
    /// pane (asking too).
    private static func formKeys(_ scope: KeyScope, choose: String = "key.choose") -> [Binding] {
        [
            Binding(scope, [.tab, .down], .nextField, title: "key.next"),
            Binding(scope, [.backTab, .up], .previousField, title: "key.previous"),
            Binding(scope, [.enter], .enterInForm, title: "key.next", inFooter: false),
            Binding(scope, [.function(2)], .saveForm, title: "key.save"),
            Binding(scope, [.escape], .cancelForm, title: "key.cancel"),
            Binding(scope, [.left], .formLeft, title: choose),
            Binding(scope, [.right], .formRight, title: choose, inFooter: false),
            Binding(scope, [.backspace], .erase, title: "key.erase", inFooter: false),
            Binding(scope, [.delete], .eraseForward, title: "key.erase", inFooter: false),
            Binding(scope, [.home], .formHome, title: "key.firstLast", inFooter: false),
            Binding(scope, [.end], .formEnd, title: "key.firstLast", inFooter: false),
            Binding(scope, [.shiftLeft], .formSelect(.selectLeft), title: "key.select", inFooter: false),
            Binding(scope, [.shiftRight], .formSelect(.selectRight), title: "key.select", inFooter: false),
            Binding(scope, [.shiftHome], .formSelect(.selectHome), title: "key.select", inFooter: false),
            Binding(scope, [.shiftEnd], .formSelect(.selectEnd), title: "key.select", inFooter: false),
            Binding(scope, [.function(1)], .showHelp, title: "key.help"),
            Binding(scope, [.function(6)], .nextTab, title: "key.nextTab", inFooter: false),
            Binding(scope, [.function(18)], .previousTab, title: "key.previousTab", inFooter: false),
        ]
    }

    /// Moving through a list: j/k or ↓/↑, PgDn/PgUp, Home/End.
    private static func listKeys(_ scope: KeyScope) -> [Binding] {
        [
            Binding(scope, [.character("j"), .down], .moveSelection(.down), title: "key.move"),
            Binding(scope, [.character("k"), .up], .moveSelection(.up), title: "key.move", inFooter: false),
            Binding(scope, [.pageDown], .moveSelection(.pageDown), title: "key.page", inFooter: false),
            Binding(scope, [.pageUp], .moveSelection(.pageUp), title: "key.page", inFooter: false),
            Binding(scope, [.home], .moveSelection(.first), title: "key.firstLast", inFooter: false),
            Binding(scope, [.end], .moveSelection(.last), title: "key.firstLast", inFooter: false),
            Binding(scope, [.enter], .openDetail, title: "key.open"),
            Binding(scope, [.character("/")], .startFilter, title: "key.filter"),
        ]
    }

    /// Scrolling a detail: j/k or ↓/↑, Space/PgDn and PgUp, Home/End; Esc, q or ← back to the list.
    private static func detailKeys(_ scope: KeyScope) -> [Binding] {
        [
            Binding(scope, [.character("j"), .down], .scrollDetail(.down), title: "key.scroll"),
            Binding(scope, [.character("k"), .up], .scrollDetail(.up), title: "key.scroll", inFooter: false),
            Binding(scope, [.pageDown, .character(" ")], .scrollDetail(.pageDown), title: "key.page", inFooter: false),
            Binding(scope, [.pageUp], .scrollDetail(.pageUp), title: "key.page", inFooter: false),
            Binding(scope, [.home], .scrollDetail(.first), title: "key.firstLast", inFooter: false),
            Binding(scope, [.end], .scrollDetail(.last), title: "key.firstLast", inFooter: false),
            Binding(scope, [.escape, .character("q"), .left], .back, title: "key.back"),
        ]
    }

    public static let shared = Keymap<KeyScope, Command>(
        // Wachtrij: the case letters are the detail's where they mean the same (e escalate).
        listKeys(.queue) + [
            Binding(.queue, [.character("n")], .startRegistration, title: "key.new"),
            Binding(.queue, [.character("e")], .openEscalation, title: "key.escalate"),
            Binding(.queue, [.character("o")], .toggleQuickFilter(.overdue), title: "key.overdue"),
            Binding(.queue, [.character("z")], .toggleQuickFilter(.zsm), title: "key.zsm"),
            Binding(.queue, [.character("m")], .toggleQuickFilter(.mine), title: "key.mine"),
            Binding(.queue, [.character("g")], .cycleGemeenteFilter, title: "key.gemeente"),
            Binding(.queue, [.character("t")], .toggleQuickFilter(.agenda), title: "key.agenda"),
            Binding(.queue, [.character("a")], .toggleQuickFilter(.closed), title: "key.closed"),
            Binding(.queue, [.character("s")], .toggleQuickFilter(.stagnating), title: "key.stagnating"),
            Binding(.queue, [.character("b")], .searchKnown, title: "key.known"),
            Binding(.queue, [.escape], .clearFilters, title: "key.clear", inFooter: false),
            Binding(.queue, [.character("u")], .undo, title: "key.undo", inFooter: false),
            Binding(.queue, [.control("r")], .redo, title: "key.redo", inFooter: false),
            Binding(.queue, [.character("q")], .quit, title: "key.quit"),
        ] + paneKeys(.queue)

            // Typing a search (in the Wachtrij, Partners or Consulten)
            + [
                Binding(.filter, [.enter], .acceptFilter, title: "key.accept"),
                Binding(.filter, [.escape], .cancelFilter, title: "key.cancel"),
                Binding(.filter, [.backspace], .erase, title: "key.erase"),
                Binding(.filter, [.down], .moveSelection(.down), title: "key.move"),
                Binding(.filter, [.up], .moveSelection(.up), title: "key.move", inFooter: false),
                Binding(.filter, [.function(1)], .showHelp, title: "key.help", inFooter: false),
            ]

            // Case detail
            + detailKeys(.detail) + [
                Binding(.detail, [.character("e")], .openEscalation, title: "key.escalate"),
                Binding(.detail, [.character("r")], .openAction(.review), title: "key.review"),
                Binding(.detail, [.character("a")], .openAction(.handback), title: "key.handback"),
                Binding(.detail, [.character("c")], .openAction(.check), title: "key.check"),
                Binding(.detail, [.character("z")], .openAction(.zsmAnswer), title: "key.zsmAnswer"),
                Binding(.detail, [.character("b")], .openAction(.zsmDecision), title: "key.zsmDecision"),
                Binding(.detail, [.character("n")], .openAction(.note), title: "key.note"),
                Binding(.detail, [.character("t")], .openAction(.task), title: "key.task"),
                Binding(.detail, [.character("w")], .openAction(.assign), title: "key.assign"),
                Binding(.detail, [.character("v")], .openAction(.correct), title: "key.correct"),
                Binding(.detail, [.character("h")], .openAction(.reopen), title: "key.reopen"),
                Binding(.detail, [.character("g")], .openAction(.person), title: "key.person"),
                Binding(.detail, [.character("p")], .linkContact, title: "key.link"),
                Binding(.detail, [.character("l")], .openAction(.ground), title: "key.ground"),
                Binding(.detail, [.character("s")], .openAction(.share), title: "key.share"),
                Binding(.detail, [.character("u")], .undo, title: "key.undo", inFooter: false),
                Binding(.detail, [.control("r")], .redo, title: "key.redo", inFooter: false),
            ] + paneKeys(.detail)

            // Forms: the registration (Space ticks a risk signal), Escalatie, the short step forms,
            // and the consultation, partner and link forms.
            + formKeys(.form) + [Binding(.form, [.character(" ")], .formToggle, title: "key.toggle", inFooter: false)]
            + formKeys(.escalation, choose: "key.change") + [
                Binding(.escalation, [.character(" ")], .formToggle, title: "key.toggle", inFooter: false)
            ]
            + formKeys(.action) + formKeys(.entry)

            // Partners
            + listKeys(.partners) + [
                Binding(.partners, [.character("n")], .newPartner, title: "key.newPartner"),
                Binding(.partners, [.character("e")], .editPartner, title: "key.edit"),
                Binding(.partners, [.character("g")], .contactReached, title: "key.reached"),
                Binding(.partners, [.escape], .cancelFilter, title: "key.clearSearch", inFooter: false),
                Binding(.partners, [.character("q")], .quit, title: "key.quit"),
            ] + paneKeys(.partners)
            + detailKeys(.partnerDetail) + [
                Binding(.partnerDetail, [.character("e")], .editPartner, title: "key.edit"),
                Binding(.partnerDetail, [.character("g")], .contactReached, title: "key.reached"),
            ] + paneKeys(.partnerDetail)

            // Consulten
            + listKeys(.consultations) + [
                Binding(.consultations, [.character("n")], .newConsultation, title: "key.newConsult"),
                Binding(.consultations, [.character("a")], .registerConsultation, title: "key.register"),
                Binding(.consultations, [.character("e")], .editConsultation, title: "key.edit"),
                Binding(.consultations, [.escape], .cancelFilter, title: "key.clearSearch", inFooter: false),
                Binding(.consultations, [.character("q")], .quit, title: "key.quit"),
            ] + paneKeys(.consultations)
            + detailKeys(.consultationDetail) + [
                Binding(.consultationDetail, [.character("a")], .registerConsultation, title: "key.register"),
                Binding(.consultationDetail, [.character("e")], .editConsultation, title: "key.edit"),
            ] + paneKeys(.consultationDetail)

            // Inzage: the advisors, and one advisor's entries
            + [
                Binding(.access, [.character("j"), .down], .moveSelection(.down), title: "key.move"),
                Binding(.access, [.character("k"), .up], .moveSelection(.up), title: "key.move", inFooter: false),
                Binding(.access, [.pageDown], .moveSelection(.pageDown), title: "key.page", inFooter: false),
                Binding(.access, [.pageUp], .moveSelection(.pageUp), title: "key.page", inFooter: false),
                Binding(.access, [.home], .moveSelection(.first), title: "key.firstLast", inFooter: false),
                Binding(.access, [.end], .moveSelection(.last), title: "key.firstLast", inFooter: false),
                Binding(.access, [.enter], .openDetail, title: "key.open"),
                Binding(.access, [.character("q")], .quit, title: "key.quit"),
            ] + paneKeys(.access)
            + detailKeys(.accessDetail) + paneKeys(.accessDetail)

            // Rapportage: the period moved and switched, the grouping switched, the lines scrolled
            + [
                Binding(.report, [.left, .character("[")], .reportPeriod(-1), title: "key.period"),
                Binding(.report, [.right, .character("]")], .reportPeriod(1), title: "key.period", inFooter: false),
                Binding(.report, [.character("p")], .reportSpan, title: "key.span"),
                Binding(.report, [.character("g")], .reportGrouping, title: "key.grouping"),
                Binding(.report, [.character("j"), .down], .scrollDetail(.down), title: "key.scroll"),
                Binding(.report, [.character("k"), .up], .scrollDetail(.up), title: "key.scroll", inFooter: false),
                Binding(
                    .report, [.pageDown, .character(" ")], .scrollDetail(.pageDown), title: "key.page", inFooter: false),
                Binding(.report, [.pageUp], .scrollDetail(.pageUp), title: "key.page", inFooter: false),
                Binding(.report, [.home], .scrollDetail(.first), title: "key.firstLast", inFooter: false),
                Binding(.report, [.end], .scrollDetail(.last), title: "key.firstLast", inFooter: false),
                Binding(.report, [.character("q")], .quit, title: "key.quit"),
            ] + paneKeys(.report)

            // Help overlay
            + [
                Binding(
                    .help, [.character("?"), .escape, .character("q"), .function(1)], .closeHelp, title: "key.closeHelp"
                )
            ])

    /// Whether the footer offers `command` here: in a case's detail only the steps its status
    /// allows (a closed case offers reopening, not a review), and no change on a read-only desk.
    /// The key still answers (with why not); the footer just does not invite it.
    public static func isOffered(_ command: Command, in state: AppState) -> Bool {
        guard case .detail(let id) = state.mode, let c = state.anyCase(id) else { return true }
        switch command {
        case .openAction(let kind): return !state.isReadOnly && kind.step.isPossible(for: c)
        case .openEscalation, .linkContact: return !state.isReadOnly && c.status.isOpen
        default: return true
        }
    }

    /// The scopes a key is looked up in, most specific first, for the state's focus.
    public static func scopes(for state: AppState) -> [KeyScope] {
        if state.isShowingHelp { return [.help] }
        return state.mode.view.scopes(state)
    }

    /// True where unbound printable keys are typed as text.
    public static func takesText(_ state: AppState) -> Bool {
        !state.isShowingHelp
            && ([.form, .escalation, .action, .entry].contains(state.mode)
                || ([.queue, .partners, .consultations].contains(state.mode) && state.isEditingFilter))
    }

    /// What a paste gives in this state: its characters typed into the focused text field (line
    /// breaks and tabs as spaces, for every field is one line), never keys; nothing where no text
    /// goes (a choice, the risk list, a pane without a search). A paste of three lines can no more
    /// press Enter than a space can tick a box.
    public static func commands(forPaste text: String, in state: AppState, context: DeskContext) -> [Command] {
        // While "… Weggooien? j/N" waits, a paste is no answer and goes nowhere.
        guard state.discardPending == nil, takesText(state), focusTakesText(state, context) else { return [] }
        var commands: [Command] = []
        for character in text.prefix(EscapeSequence.longestPaste) {
            if character.isNewline || character == "\t" {
                commands.append(.insert(" "))
            } else if !character.unicodeScalars.allSatisfy({
                $0.properties.generalCategory == .control || $0.properties.generalCategory == .format
            }) {
                commands.append(.insert(character))
            }
        }
        return commands
    }

    /// Whether the focused field of the form in view is a text field.
    static func focusTakesText(_ state: AppState, _ context: DeskContext) -> Bool {
        switch state.mode {
        case .form: return state.registration?.focus.kind == .text
        case .action: return state.action.map { $0.form.fields[$0.form.focus].choices == nil } ?? false
        case .entry: return state.entry.map { $0.form.fields[$0.form.focus].choices == nil } ?? false
        case .escalation:
            guard let form = state.escalation, let instrument = context.instrument else { return false }
            let rows = EscalationForm.rows(instrument)
            return rows.indices.contains(form.focus) && rows[form.focus].isText
        default: return true
        }
    }

    /// The command a key gives in this state, if any.
    public static func command(for key: Key, in state: AppState, context: DeskContext? = nil) -> Command? {
        // "Weggooien? j/N": the next key answers, whatever it would do otherwise.
        if state.discardPending != nil {
            // Yes is the language's own letter: j in Dutch, y in English (where j moves down).
            let yes = context?.text.language == .en ? "yY" : "jJyY"
            if case .character(let c) = key { return .answerDiscard(yes: yes.contains(c)) }
            return .answerDiscard(yes: false)
        }
        if let command = shared.action(for: key, in: scopes(for: state)) {
            // Space types a space in a text field; it toggles only in the risk list.
            if command == .formToggle, state.registration?.focus.kind == .text { return .insert(" ") }
            return command
        }
        if takesText(state), case .character(let c) = key {
            // `?` is help wherever it would not be typed: on a choice, a risk list or a criterion;
            // Space there changes the choice, as ←/→ do.
            if c == "?", let context, !focusTakesText(state, context) { return .showHelp }
            if c == " ", let context, !focusTakesText(state, context) { return .formToggle }
            return .insert(c)
        }
        return nil
    }
}
