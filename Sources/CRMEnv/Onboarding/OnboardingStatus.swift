/// The six-step checklist: where TEST stands in the onboarding sequence.
public struct OnboardingStatus: Equatable, Sendable, Codable {
    /// Where one step stands.
    public enum State: String, Sendable, Codable {
        case done
        case inProgress = "in progress"
        case notStarted = "not started"
        case blocked
    }

    public struct Step: Equatable, Sendable, Codable {
        public var step: OnboardingStep
        public var title: String
        public var state: State
        /// Rows per table (or values per list) that the step is about.
        public var counts: [String: Int]
        /// Things worth knowing that do not block (an optional list left empty).
        public var warnings: [String]
        /// What to run to move the step on; nil when it is done.
        public var next: String?
    }

    public var steps: [Step]
    /// The one thing to do next.
    public var next: String

    /// Reads the checklist from TEST (and LIVE, for step 6).
    public static func read(test: Connection, live: Connection?) throws -> OnboardingStatus {
        func count(_ table: String, _ condition: String = "1", on connection: Connection = test)
            throws -> Int
        {
            Int(try connection.integer("SELECT count(*) FROM \(table) WHERE \(condition)"))
        }
        var steps: [Step] = []

        // 1. Dropdown values.
        var valueCounts: [String: Int] = [:]
        var warnings: [String] = []
        var missingRequired: [ValueList] = []
        for list in ValueList.allCases {
            let active = try count(list.table, "active = 1")
            valueCounts[list.name] = active
            if active == 0 {
                if list.isRequired {
                    missingRequired.append(list)
                } else {
                    warnings.append("\(list.title) (\(list.name)) is empty; it is optional")
                }
            }
        }
        let valuesDone = missingRequired.isEmpty
        let anyValues = valueCounts.values.contains { $0 > 0 }
        steps.append(
            Step(
                step: .dropdownValues, title: OnboardingStep.dropdownValues.title,
                state: valuesDone ? .done : (anyValues ? .inProgress : .notStarted),
                counts: valueCounts, warnings: warnings,
                next: missingRequired.first.map {
                    "crmenv values add \($0.name) CODE DESCRIPTION (or crmenv values import "
                        + "\($0.name) FILE)"
                }))

        // 2. Sales contacts.
        let contacts = try count("sales_contact")
        steps.append(
            Step(
                step: .salesContacts, title: OnboardingStep.salesContacts.title,
                state: contacts > 0 ? .done : (valuesDone ? .notStarted : .blocked),
                counts: ["sales_contact": contacts],
                warnings: contacts > 0 && !valuesDone
                    ? ["contacts were entered before step 1 was complete"] : [],
                next: contacts > 0 ? nil : "crmenv import contacts FILE (.csv or .vcf)"))

        // 3. Prospects and their contact cross references.
        let prospects = try count("prospect")
        let prospectContacts = try count("prospect_contact")
        let prospectState: State =
            prospects > 0 && prospectContacts > 0
            ? .done : (prospects > 0 ? .inProgress : (contacts > 0 ? .notStarted : .blocked))
        steps.append(
            Step(
                step: .prospects, title: OnboardingStep.prospects.title, state: prospectState,
                counts: ["prospect": prospects, "prospect_contact": prospectContacts],
                warnings: [],
                next: prospectState == .done
                    ? nil
                    : prospects == 0
                        ? "crmenv import prospects FILE" : "crmenv import prospect-contacts FILE"))

        // 4. Customers' contact cross references.
        let customers = try count("customer")
        let customerContacts = try count("customer_contact")
        let customerState: State =
            customerContacts > 0
            ? .done : (customers == 0 || contacts == 0 ? .blocked : .notStarted)
        steps.append(
            Step(
                step: .customerContacts, title: OnboardingStep.customerContacts.title,
                state: customerState,
                counts: ["customer": customers, "customer_contact": customerContacts],
                warnings: customers == 0
                    ? ["TEST has no customers; they usually come from LIVE with 'crmenv refresh'"]
                    : [],
                next: customerState == .done
                    ? nil
                    : customers == 0
                        ? "crmenv refresh (to bring LIVE's customers), or crmenv import customers FILE"
                        : "crmenv import customer-contacts FILE"))

        // 5. Leads, opportunities, tasks and quotes.
        var recordCounts: [String: Int] = [:]
        for table in ["lead", "opportunity", "opportunity_task", "quote", "quote_line"] {
            recordCounts[table] = try count(table)
        }
        let leads = recordCounts["lead"] ?? 0
        let opportunities = recordCounts["opportunity"] ?? 0
        let anyRecords = recordCounts.values.contains { $0 > 0 }
        let recordState: State =
            leads > 0 && opportunities > 0
            ? .done : (anyRecords ? .inProgress : (valuesDone ? .notStarted : .blocked))
        var recordWarnings: [String] = []
        if recordState == .done && recordCounts["opportunity_task"] == 0 {
            recordWarnings.append("no opportunity tasks")
        }
        if recordState == .done && recordCounts["quote"] == 0 {
            recordWarnings.append("no quotes")
        }
        steps.append(
            Step(
                step: .salesRecords, title: OnboardingStep.salesRecords.title, state: recordState,
                counts: recordCounts, warnings: recordWarnings,
                next: recordState == .done
                    ? nil
                    : leads == 0 ? "crmenv import leads FILE" : "crmenv import opportunities FILE"))

        // 6. Go live: promotions in LIVE.
        var promotions = 0
        if let live {
            promotions = try count("crmenv_promotion", "undone_at IS NULL", on: live)
        }
        let vetted = try count("crmenv_vetting")
        let earlierDone = steps.allSatisfy { $0.state == .done || $0.step == .customerContacts }
        let goLiveState: State =
            promotions > 0
            ? .done : (vetted > 0 ? .inProgress : (valuesDone ? .notStarted : .blocked))
        steps.append(
            Step(
                step: .goLive, title: OnboardingStep.goLive.title, state: goLiveState,
                counts: ["promotions": promotions, "vetted_items": vetted],
                warnings: goLiveState != .done && !earlierDone
                    ? ["earlier steps are not all done"] : [],
                next: goLiveState == .done
                    ? nil
                    : "crmenv diff, then crmenv vet ITEM --by NAME, then crmenv promote --by NAME"))

        let next =
            steps.first { $0.state != .done && $0.next != nil }?.next
            ?? "nothing: every step is done"
        return OnboardingStatus(steps: steps, next: next)
    }
}
