import CRMEnv

/// `crmenv version`.
enum VersionCommand {
    static let version = "0.1.0"

    static let command = Command(
        spec: CommandSpec(["version"], abstract: "Print crmenv's version and the SQLite it uses."),
        run: { _, context in
            context.console.print(
                "crmenv \(version) (schema v\(Schema.currentVersion), SQLite \(SQLiteLibrary.version))"
            )
        })
}
