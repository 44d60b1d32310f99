/// A failure a user can understand and act on. Its description is the one line they read.
///
/// Messages start lowercase, quote user-supplied names in single quotes, say what was being done
/// to what and why, and end with the remedy when there is one.
public enum CRMEnvError: Error, Equatable, CustomStringConvertible, Sendable {
    // Files and workspace
    case rootNotADirectory(path: String)
    case fileNotFound(path: String, purpose: String)
    case fileUnreadable(path: String, reason: String)
    case fileUnwritable(path: String, reason: String)
    case notADatabase(path: String)
    case unknownSchema(path: String)
    case schemaTooNew(path: String, version: Int, supported: Int)
    case environmentMissing(environment: EnvironmentName, path: String)
    case environmentExists(environment: EnvironmentName, path: String)
    case environmentBusy(environment: EnvironmentName, holder: String)
    case environmentsFileInvalid(path: String, reason: String)
    case liveIsProtected(action: String)
    case idSpaceExhausted(table: String)

    // Dropdown values
    case unknownList(name: String, suggestion: String?)
    case invalidValue(list: ValueList, code: String, problems: [String])
    case duplicateCode(list: ValueList, code: String)
    case unknownCode(list: ValueList, code: String, suggestion: String?)
    case nothingToChange(list: ValueList, code: String)
    case alreadyRetired(list: ValueList, code: String)
    case valueInUse(list: ValueList, code: String, action: String, usage: String, remap: String)

    // Imports
    case unknownImportKind(name: String, suggestion: String?)
    case invalidOption(message: String)
    case dryRunFoundProblems(count: Int)
    case planStopped(file: String, reason: String)
    case demoStepFailed(command: String)
    case planIncomplete(directory: String, missing: String, list: ValueList)
    case stepIncomplete(action: String, step: OnboardingStep, problem: String, remedy: String)

    // Input files
    case invalidInput(location: SourceLocation, message: String, fix: String?)
    case invalidInputs([CRMEnvError])

    // Snapshots
    case unknownSnapshot(reference: String, reason: String)
    case snapshotInvalid(id: String, check: String, detail: String)
    case snapshotOfTest(id: String)
    case unpromotedWork(items: [String])
    case tableWithoutKey(table: String)
    case unknownItem(item: String, suggestion: String?)
    case invalidRemap(remap: String, reason: String)
    case nothingVetted(stale: [String], available: Int)
    case promotionRefused(problems: [String])
    case bundleInvalid(id: String, detail: String)
    case unknownPromotion(reference: String, reason: String)
    case undoRefused(id: String, reason: String, preSnapshot: String?)
    case unknownTable(name: String, suggestion: String?)
    case verificationFailed(failed: Int, of: Int)
    case integrityFailed(environment: EnvironmentName, action: String, detail: String)

    // SQLite failures that are not the user's input
    case database(action: String, error: SQLiteError)

    public var description: String {
        switch self {
        case .rootNotADirectory(let path):
            return "workspace root '\(path)' is not a folder; pass --root with a folder, "
                + "or unset CRMENV_HOME"
        case .fileNotFound(let path, let purpose):
            return "\(purpose) '\(path)' does not exist; check the path"
        case .fileUnreadable(let path, let reason):
            return "cannot read '\(path)': \(reason)"
        case .fileUnwritable(let path, let reason):
            return "cannot write '\(path)': \(reason)"
        case .notADatabase(let path):
            return "'\(path)' is not a SQLite database; give the path of a crmenv database"
        case .unknownSchema(let path):
            return "'\(path)' is a SQLite database but not a crmenv one (no crmenv schema "
                + "version); start LIVE empty with 'crmenv init', then import into TEST"
        case .schemaTooNew(let path, let version, let supported):
            return "'\(path)' has schema version \(version), newer than this crmenv knows "
                + "(\(supported)); use a newer crmenv"
        case .environmentMissing(let environment, let path):
            return
                "environment '\(environment)' does not exist ('\(path)'); run 'crmenv init' first"
        case .environmentExists(let environment, let path):
            return "environment '\(environment)' already exists at '\(path)'; init never "
                + "overwrites one (remove it yourself, or use 'crmenv refresh' to reset TEST)"
        case .environmentBusy(let environment, let holder):
            return "environment '\(environment)' is busy (\(holder)); try again when it finishes"
        case .environmentsFileInvalid(let path, let reason):
            return "environments file '\(path)' is invalid: \(reason); fix or remove it"
        case .liveIsProtected(let action):
            return "cannot \(action) in LIVE: LIVE changes only through 'crmenv promote' "
                + "(and 'crmenv undo' or 'crmenv rollback'); make the change in TEST, vet it, "
                + "then promote"
        case .idSpaceExhausted(let table):
            return "TEST has used up its id block for '\(table)'; refresh TEST from LIVE"

        case .unknownList(let name, let suggestion):
            var text = "unknown value list '\(name)'"
            if let suggestion {
                text += "; did you mean '\(suggestion)'?"
            } else {
                text +=
                    "; the lists are "
                    + ValueList.allCases.map { "'\($0.name)'" }.joined(separator: ", ")
            }
            return text
        case .invalidValue(let list, let code, let problems):
            return "invalid \(list.name) value '\(code)': " + problems.joined(separator: "; ")
        case .duplicateCode(let list, let code):
            return "\(list.name) '\(code)' already exists; use 'crmenv values set \(list.name) "
                + "\(code) ...' to change it"
        case .unknownCode(let list, let code, let suggestion):
            var text = "\(list.name) '\(code)' does not exist"
            if let suggestion {
                text += "; did you mean '\(suggestion)'?"
            } else {
                text += "; add it with 'crmenv values add \(list.name) \(code) DESCRIPTION'"
            }
            return text
        case .nothingToChange(let list, let code):
            return "nothing to change for \(list.name) '\(code)'; pass --description, "
                + "--outcome, --chance or --sequence"
        case .valueInUse(let list, let code, let action, let usage, let remap):
            return "cannot \(action) \(list.name) '\(code)': records use it (\(usage)); pass "
                + "--remap \(remap) to move them in the same step"
        case .alreadyRetired(let list, let code):
            return "\(list.name) '\(code)' is already retired; 'crmenv values set \(list.name) "
                + "\(code) --reactivate' makes it active again"

        case .unknownImportKind(let name, let suggestion):
            var text = "unknown import kind '\(name)'"
            if let suggestion {
                text += "; did you mean '\(suggestion)'?"
            } else {
                text +=
                    "; the kinds are "
                    + ImportKind.allCases.map { "'\($0.name)'" }.joined(separator: ", ")
            }
            return text

        case .invalidOption(let message):
            return message
        case .demoStepFailed(let command):
            return "the demo stopped: '\(command)' did not do what the demo expected (see above)"
        case .planStopped(let file, let reason):
            return "the plan stopped at '\(file)': \(reason)"
        case .dryRunFoundProblems(let count):
            return "the dry run found \(count) bad row\(count == 1 ? "" : "s") (listed above); "
                + "correct them, or load the good rows with --reject FILE"
        case .planIncomplete(let directory, let missing, let list):
            return "the plan '\(directory)' has no '\(missing)' and TEST has no \(list.title); "
                + "add the file (code,description) or run 'crmenv values add \(list.name) ...' first"
        case .stepIncomplete(let action, let step, let problem, let remedy):
            return "cannot \(action): step \(step.rawValue) (\(step.title.lowercased())) is "
                + "incomplete: \(problem); \(remedy)"

        case .invalidInput(let location, let message, let fix):
            var text = "\(location): \(message)"
            if let fix {
                text += "; \(fix)"
            }
            return text
        case .invalidInputs(let errors):
            guard let first = errors.first else { return "invalid input" }
            if errors.count == 1 {
                return first.description
            }
            return "\(first.description) (and \(errors.count - 1) more problem"
                + (errors.count == 2 ? ")" : "s)")

        case .unknownSnapshot(let reference, let reason):
            return "cannot use snapshot '\(reference)': \(reason)"
        case .snapshotInvalid(let id, let check, let detail):
            return "snapshot '\(id)' failed the \(check) check: \(detail); it cannot be restored"
        case .snapshotOfTest(let id):
            return "snapshot '\(id)' is an image of TEST; restoring it would put TEST's practice "
                + "data into LIVE; pass --from-test if that is really what you want"

        case .verificationFailed(let failed, let total):
            return "\(failed) of \(total) snapshot\(total == 1 ? "" : "s") failed verification "
                + "(listed above); do not restore them"
        case .unknownTable(let name, let suggestion):
            return "no CRM table is called '\(name)'"
                + (suggestion.map { "; did you mean '\($0)'?" } ?? "; 'crmenv help diff' lists them")
        case .invalidRemap(let remap, let reason):
            return "invalid --remap '\(remap)': \(reason)"
        case .nothingVetted(let stale, let available):
            var text = "nothing to promote: no change item is vetted"
            if !stale.isEmpty {
                text +=
                    " (" + stale.prefix(3).joined(separator: ", ")
                    + (stale.count > 3 ? " and \(stale.count - 3) more" : "")
                    + (stale.count == 1
                        ? " changed in TEST since it was vetted; vet it again)"
                        : " changed in TEST since they were vetted; vet them again)")
            }
            text +=
                available == 0
                ? "; TEST has no changes LIVE lacks"
                : "; 'crmenv changes' lists the \(available) item\(available == 1 ? "" : "s"), 'crmenv vet ITEM --by NAME' vets one"
            return text
        case .bundleInvalid(let id, let detail):
            return "the bundle of promotion '\(id)' is damaged: \(detail); undo cannot use it, "
                + "roll LIVE back to its pre-promotion snapshot instead"
        case .unknownPromotion(let reference, let reason):
            return "cannot undo promotion '\(reference)': \(reason)"
        case .undoRefused(let id, let reason, let snapshot):
            var text = "cannot undo promotion '\(id)': \(reason)"
            if let snapshot {
                text +=
                    "; to go back anyway, roll LIVE back to the snapshot taken before it: "
                    + "crmenv rollback \(snapshot) --by NAME"
            }
            return text
        case .promotionRefused(let problems):
            guard let first = problems.first else { return "cannot promote" }
            return first.hasPrefix("cannot promote")
                ? first
                : "cannot promote: \(first)"
                    + (problems.count > 1
                        ? " (and \(problems.count - 1) more problem\(problems.count == 2 ? "" : "s"); 'crmenv promote --dry-run' lists them)"
                        : "")
        case .unknownItem(let item, let suggestion):
            return "no change item '\(item)' in TEST"
                + (suggestion.map { "; did you mean '\($0)'?" } ?? "")
                + " ('crmenv changes' lists them)"
        case .tableWithoutKey(let table):
            return "table '\(table)' has no primary key; crmenv pairs rows by primary key and "
                + "cannot compare it; give the table a primary key"
        case .unpromotedWork(let items):
            return "TEST holds work LIVE does not have yet: "
                + items.prefix(6).joined(separator: "; ")
                + (items.count > 6 ? "; and \(items.count - 6) more" : "")
                + "; promote it first, or pass --force to throw it away"
        case .integrityFailed(let environment, let action, let detail):
            return "\(environment.title) failed its integrity check after \(action): \(detail); "
                + "roll it back to the snapshot taken just before ('crmenv snapshot list')"

        case .database(let action, let error):
            return "\(action) failed: \(error.message)"
                + (error.isBusy ? "; another program holds the database, try again" : "")
        }
    }

    /// Every individual problem, for reports that list them all.
    public var problems: [CRMEnvError] {
        if case .invalidInputs(let errors) = self {
            return errors.flatMap(\.problems)
        }
        return [self]
    }
}
