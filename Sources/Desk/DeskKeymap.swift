import Screen

/// The desk's keys, as one table: behaviour, footer and help overlay all read it.
public enum DeskKeymap {
    public typealias Binding = Keymap<KeyScope, Command>.Binding

    public static let shared = Keymap<KeyScope, Command>([
        // Queue (Wachtrij)
        Binding(.queue, [.character("j"), .down], .moveSelection(.down), title: "key.move"),
        Binding(.queue, [.character("k"), .up], .moveSelection(.up), title: "key.move", inFooter: false),
        Binding(.queue, [.pageDown], .moveSelection(.pageDown), title: "key.page", inFooter: false),
        Binding(.queue, [.pageUp], .moveSelection(.pageUp), title: "key.page", inFooter: false),
        Binding(.queue, [.home], .moveSelection(.first), title: "key.firstLast", inFooter: false),
        Binding(.queue, [.end], .moveSelection(.last), title: "key.firstLast", inFooter: false),
        Binding(.queue, [.enter], .openDetail, title: "key.open"),
        Binding(.queue, [.character("/")], .startFilter, title: "key.filter"),
        Binding(.queue, [.character("n")], .startRegistration, title: "key.new"),
        Binding(.queue, [.character("e")], .openEscalation, title: "key.escalate"),
        Binding(.queue, [.character("p")], .showPartners, title: "key.partners"),
        Binding(.queue, [.character("c")], .showConsultations, title: "key.consults"),
        Binding(.queue, [.character("o")], .toggleQuickFilter(.overdue), title: "key.overdue"),
        Binding(.queue, [.character("z")], .toggleQuickFilter(.zsm), title: "key.zsm"),
        Binding(.queue, [.character("m")], .toggleQuickFilter(.mine), title: "key.mine"),
        Binding(.queue, [.character("g")], .cycleGemeenteFilter, title: "key.gemeente"),
        Binding(.queue, [.character("t")], .toggleQuickFilter(.agenda), title: "key.agenda"),
        Binding(.queue, [.character("a")], .toggleQuickFilter(.closed), title: "key.closed"),
        Binding(.queue, [.character("s")], .toggleQuickFilter(.stagnating), title: "key.stagnating"),
        Binding(.queue, [.character("b")], .searchKnown, title: "key.known"),
        Binding(.queue, [.tab], .nextTab, title: "key.nextTab", inFooter: false),
        Binding(.queue, [.backTab], .previousTab, title: "key.previousTab", inFooter: false),
        Binding(.queue, [.escape], .clearFilters, title: "key.clear", inFooter: false),
        Binding(.queue, [.character("u")], .undo, title: "key.undo", inFooter: false),
        Binding(.queue, [.control("r")], .redo, title: "key.redo", inFooter: false),
        Binding(.queue, [.character("?")], .showHelp, title: "key.help"),
        Binding(.queue, [.function(1)], .showHelp, title: "key.help", inFooter: false),
        Binding(.queue, [.character("q")], .quit, title: "key.quit"),

        // Search as you type
        Binding(.filter, [.enter], .acceptFilter, title: "key.accept"),
        Binding(.filter, [.function(1)], .showHelp, title: "key.help", inFooter: false),
        Binding(.filter, [.escape], .cancelFilter, title: "key.cancel"),
        Binding(.filter, [.backspace], .erase, title: "key.erase"),
        Binding(.filter, [.down], .moveSelection(.down), title: "key.move"),
        Binding(.filter, [.up], .moveSelection(.up), title: "key.move", inFooter: false),

        // Case detail
        Binding(.detail, [.character("j"), .down], .scrollDetail(.down), title: "key.scroll"),
        Binding(.detail, [.character("k"), .up], .scrollDetail(.up), title: "key.scroll", inFooter: false),
        Binding(.detail, [.pageDown, .character(" ")], .scrollDetail(.pageDown), title: "key.page"),
        Binding(.detail, [.pageUp], .scrollDetail(.pageUp), title: "key.page", inFooter: false),
        Binding(.detail, [.home], .scrollDetail(.first), title: "key.firstLast", inFooter: false),
        Binding(.detail, [.end], .scrollDetail(.last), title: "key.firstLast", inFooter: false),
        Binding(.detail, [.escape, .character("q"), .left], .back, title: "key.back"),
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
        Binding(.detail, [.character("u")], .undo, title: "key.undo", inFooter: false),
        Binding(.detail, [.control("r")], .redo, title: "key.redo", inFooter: false),
        Binding(.detail, [.character("?")], .showHelp, title: "key.help"),
        Binding(.detail, [.function(1)], .showHelp, title: "key.help", inFooter: false),

        // New registration form
        Binding(.form, [.tab, .down], .nextField, title: "key.next"),
        Binding(.form, [.function(1)], .showHelp, title: "key.help", inFooter: false),
        Binding(.form, [.backTab, .up], .previousField, title: "key.previous"),
        Binding(.form, [.enter], .enterInForm, title: "key.next", inFooter: false),
        Binding(.form, [.function(2)], .saveForm, title: "key.save"),
        Binding(.form, [.escape], .cancelForm, title: "key.cancel"),
        Binding(.form, [.left], .formLeft, title: "key.choose"),
        Binding(.form, [.right], .formRight, title: "key.choose", inFooter: false),
        Binding(.form, [.character(" ")], .formToggle, title: "key.toggle", inFooter: false),
        Binding(.form, [.backspace], .erase, title: "key.erase", inFooter: false),
        Binding(.form, [.delete], .eraseForward, title: "key.erase", inFooter: false),
        Binding(.form, [.home], .formHome, title: "key.firstLast", inFooter: false),
        Binding(.form, [.end], .formEnd, title: "key.firstLast", inFooter: false),

        // Escalatie: triage and decision
        Binding(.escalation, [.tab, .down], .nextField, title: "key.next"),
        Binding(.escalation, [.function(1)], .showHelp, title: "key.help", inFooter: false),
        Binding(.escalation, [.backTab, .up], .previousField, title: "key.previous"),
        Binding(.escalation, [.enter], .enterInForm, title: "key.next", inFooter: false),
        Binding(.escalation, [.left], .formLeft, title: "key.change"),
        Binding(.escalation, [.right], .formRight, title: "key.change", inFooter: false),
        Binding(.escalation, [.character(" ")], .formToggle, title: "key.toggle", inFooter: false),
        Binding(.escalation, [.function(2)], .saveForm, title: "key.save"),
        Binding(.escalation, [.escape], .cancelForm, title: "key.back"),
        Binding(.escalation, [.backspace], .erase, title: "key.erase", inFooter: false),
        Binding(.escalation, [.delete], .eraseForward, title: "key.erase", inFooter: false),
        Binding(.escalation, [.home], .formHome, title: "key.firstLast", inFooter: false),
        Binding(.escalation, [.end], .formEnd, title: "key.firstLast", inFooter: false),

        // Review, afschalen, check
        Binding(.action, [.tab, .down], .nextField, title: "key.next"),
        Binding(.action, [.function(1)], .showHelp, title: "key.help", inFooter: false),
        Binding(.action, [.backTab, .up], .previousField, title: "key.previous"),
        Binding(.action, [.enter], .enterInForm, title: "key.next", inFooter: false),
        Binding(.action, [.function(2)], .saveForm, title: "key.save"),
        Binding(.action, [.escape], .cancelForm, title: "key.cancel"),
        Binding(.action, [.left], .formLeft, title: "key.move", inFooter: false),
        Binding(.action, [.right], .formRight, title: "key.move", inFooter: false),
        Binding(.action, [.backspace], .erase, title: "key.erase", inFooter: false),
        Binding(.action, [.delete], .eraseForward, title: "key.erase", inFooter: false),
        Binding(.action, [.home], .formHome, title: "key.firstLast", inFooter: false),
        Binding(.action, [.end], .formEnd, title: "key.firstLast", inFooter: false),

        // Partners: every printable key searches, so the commands are on other keys
        Binding(.partners, [.down], .moveSelection(.down), title: "key.move"),
        Binding(.partners, [.up], .moveSelection(.up), title: "key.move", inFooter: false),
        Binding(.partners, [.pageDown], .moveSelection(.pageDown), title: "key.page", inFooter: false),
        Binding(.partners, [.pageUp], .moveSelection(.pageUp), title: "key.page", inFooter: false),
        Binding(.partners, [.enter], .openPartner, title: "key.open"),
        Binding(.partners, [.control("n")], .newPartner, title: "key.newPartner"),
        Binding(.partners, [.control("e")], .editPartner, title: "key.edit"),
        Binding(.partners, [.control("g")], .contactReached, title: "key.reached"),
        Binding(.partners, [.backspace], .erase, title: "key.erase", inFooter: false),
        Binding(.partners, [.escape], .cancelFilter, title: "key.clearSearch"),
        Binding(.partners, [.tab], .nextTab, title: "key.nextTab"),
        Binding(.partners, [.backTab], .previousTab, title: "key.previousTab", inFooter: false),
        Binding(.partners, [.function(1)], .showHelp, title: "key.help"),

        Binding(.partnerDetail, [.escape, .character("q"), .left], .back, title: "key.back"),
        Binding(.partnerDetail, [.character("e")], .editPartner, title: "key.edit"),
        Binding(.partnerDetail, [.character("g")], .contactReached, title: "key.reached"),
        Binding(.partnerDetail, [.character("?")], .showHelp, title: "key.help"),
        Binding(.partnerDetail, [.function(1)], .showHelp, title: "key.help", inFooter: false),

        // Consulten
        Binding(.consultations, [.character("j"), .down], .moveSelection(.down), title: "key.move"),
        Binding(.consultations, [.character("k"), .up], .moveSelection(.up), title: "key.move", inFooter: false),
        Binding(.consultations, [.pageDown], .moveSelection(.pageDown), title: "key.page", inFooter: false),
        Binding(.consultations, [.pageUp], .moveSelection(.pageUp), title: "key.page", inFooter: false),
        Binding(.consultations, [.character("n")], .newConsultation, title: "key.newConsult"),
        Binding(.consultations, [.enter], .openConsultation, title: "key.open"),
        Binding(.consultations, [.character("a")], .registerConsultation, title: "key.register"),
        Binding(.consultations, [.character("e")], .editConsultation, title: "key.edit"),
        Binding(.consultations, [.escape], .back, title: "key.back"),
        Binding(.consultations, [.tab], .nextTab, title: "key.nextTab"),
        Binding(.consultations, [.backTab], .previousTab, title: "key.previousTab", inFooter: false),
        Binding(.consultations, [.character("?")], .showHelp, title: "key.help"),
        Binding(.consultations, [.function(1)], .showHelp, title: "key.help", inFooter: false),
        Binding(.consultations, [.character("q")], .quit, title: "key.quit"),

        Binding(.consultationDetail, [.escape, .character("q"), .left], .back, title: "key.back"),
        Binding(.consultationDetail, [.character("a")], .registerConsultation, title: "key.register"),
        Binding(.consultationDetail, [.character("e")], .editConsultation, title: "key.edit"),
        Binding(.consultationDetail, [.character("?")], .showHelp, title: "key.help"),
        Binding(.consultationDetail, [.function(1)], .showHelp, title: "key.help", inFooter: false),

        // Consultation, partner and link forms
        Binding(.entry, [.tab, .down], .nextField, title: "key.next"),
        Binding(.entry, [.function(1)], .showHelp, title: "key.help", inFooter: false),
        Binding(.entry, [.backTab, .up], .previousField, title: "key.previous"),
        Binding(.entry, [.enter], .enterInForm, title: "key.next", inFooter: false),
        Binding(.entry, [.function(2)], .saveForm, title: "key.save"),
        Binding(.entry, [.escape], .cancelForm, title: "key.cancel"),
        Binding(.entry, [.left], .formLeft, title: "key.choose"),
        Binding(.entry, [.right], .formRight, title: "key.choose", inFooter: false),
        Binding(.entry, [.backspace], .erase, title: "key.erase", inFooter: false),
        Binding(.entry, [.delete], .eraseForward, title: "key.erase", inFooter: false),
        Binding(.entry, [.home], .formHome, title: "key.firstLast", inFooter: false),
        Binding(.entry, [.end], .formEnd, title: "key.firstLast", inFooter: false),

        // Help overlay
        Binding(.help, [.character("?"), .escape, .character("q"), .function(1)], .closeHelp, title: "key.closeHelp"),
    ])

    /// The scopes a key is looked up in, most specific first, for the state's focus.
    public static func scopes(for state: AppState) -> [KeyScope] {
        if state.isShowingHelp { return [.help] }
        switch state.mode {
        case .form: return [.form]
        case .escalation: return [.escalation]
        case .action: return [.action]
        case .detail: return [.detail]
        case .queue: return state.isEditingFilter ? [.filter] : [.queue]
        case .partners: return [.partners]
        case .partnerDetail: return [.partnerDetail]
        case .consultations: return [.consultations]
        case .consultationDetail: return [.consultationDetail]
        case .entry: return [.entry]
        }
    }

    /// True where unbound printable keys are typed as text.
    public static func takesText(_ state: AppState) -> Bool {
        !state.isShowingHelp && ([.form, .escalation, .action, .entry, .partners].contains(state.mode)
                                 || (state.mode == .queue && state.isEditingFilter))
    }

    /// What a paste gives in this state: its characters typed into the focused text field (line
    /// breaks and tabs as spaces, for every field is one line), never keys; nothing where no text
    /// goes (a choice, the risk list, a pane without a search). A paste of three lines can no more
    /// press Enter than a space can tick a box.
    public static func commands(forPaste text: String, in state: AppState, context: DeskContext) -> [Command] {
        guard takesText(state), focusTakesText(state, context) else { return [] }
        var commands: [Command] = []
        for character in text.prefix(EscapeSequence.longestPaste) {
            if character.isNewline || character == "\t" {
                commands.append(.insert(" "))
            } else if !character.unicodeScalars.allSatisfy({ $0.properties.generalCategory == .control || $0.properties.generalCategory == .format }) {
                commands.append(.insert(character))
            }
        }
        return commands
    }

    /// Whether the focused field of the form in view is a text field.
    static func focusTakesText(_ state: AppState, _ context: DeskContext) -> Bool {
        switch state.mode {
        case .form: return state.form.focus.kind == .text
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
    public static func command(for key: Key, in state: AppState) -> Command? {
        // "Weggooien? j/N": the next key answers, whatever it would do otherwise.
        if state.discardPending != nil {
            if case .character(let c) = key { return .answerDiscard(yes: "jJyY".contains(c)) }
            return .answerDiscard(yes: false)
        }
        if let command = shared.action(for: key, in: scopes(for: state)) {
            // Space types a space in a text field; it toggles only in the risk list.
            if command == .formToggle, state.mode == .form, state.form.focus.kind == .text { return .insert(" ") }
            return command
        }
        if takesText(state), case .character(let c) = key { return .insert(c) }
        return nil
    }
}
