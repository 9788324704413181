/// Keys as data: each binding names the keys, the action they trigger, the scope where they hold,
/// and a title. The footer, the help overlay and the behaviour all come from one such table.
public struct Keymap<Scope: Hashable & Sendable, Action: Hashable & Sendable>: Sendable {
    public struct Binding: Hashable, Sendable {
        public var scope: Scope
        public var keys: [Key]
        public var action: Action
        /// The key for the title in the UI strings.
        public var title: String
        /// Shown in the footer (the help overlay shows every binding).
        public var inFooter: Bool

        public init(_ scope: Scope, _ keys: [Key], _ action: Action, title: String, inFooter: Bool = true) {
            self.scope = scope
            self.keys = keys
            self.action = action
            self.title = title
            self.inFooter = inFooter
        }
    }

    public let bindings: [Binding]

    public init(_ bindings: [Binding]) { self.bindings = bindings }

    /// The action `key` triggers in the first of `scopes` (most specific first) that binds it.
    public func action(for key: Key, in scopes: [Scope]) -> Action? {
        for scope in scopes {
            if let binding = bindings.first(where: { $0.scope == scope && $0.keys.contains(key) }) {
                return binding.action
            }
        }
        return nil
    }

    public func bindings(in scope: Scope) -> [Binding] { bindings.filter { $0.scope == scope } }

    /// Keys bound more than once within one scope: must be empty.
    public func conflicts() -> [(scope: Scope, key: Key)] {
        var seen = Set<[AnyHashable]>()
        var result: [(Scope, Key)] = []
        for binding in bindings {
            for key in binding.keys where !seen.insert([AnyHashable(binding.scope), AnyHashable(key)]).inserted {
                result.append((binding.scope, key))
            }
        }
        return result.map { (scope: $0.0, key: $0.1) }
    }
}
