/// The two environments crmenv keeps.
public enum EnvironmentName: String, CaseIterable, Sendable, Codable, CustomStringConvertible {
    /// Where onboarding is practised; every data-entry command writes here.
    case test
    /// The company's real CRM; changed only by promote, undo and rollback.
    case live

    public var description: String { rawValue }

    /// Upper-case, as the documentation writes it (`TEST`, `LIVE`).
    public var title: String { rawValue.uppercased() }
}
