/// The gates of the onboarding sequence: what must exist in TEST before a kind of record can
/// be imported. Row-level rules (a task's opportunity exists, a won reason only on a won
/// status) are checked by the importers, row by row.
enum Gate {
    /// Refuses the import of `kind` when an earlier step it depends on is incomplete.
    ///
    /// - throws: `CRMEnvError.stepIncomplete` naming the step and what to run.
    static func check(_ kind: ImportKind, on connection: Connection) throws {
        func count(_ table: String, _ condition: String = "1") throws -> Int64 {
            try connection.integer("SELECT count(*) FROM \(table) WHERE \(condition)")
        }
        func refuse(_ step: OnboardingStep, _ problem: String, _ remedy: String) -> CRMEnvError {
            .stepIncomplete(
                action: "import \(kind.name)", step: step, problem: problem, remedy: remedy)
        }
        let contacts = "import them with 'crmenv import contacts FILE'"
        switch kind {
        case .contacts, .prospects, .customers:
            return
        case .prospectContacts:
            if try count("sales_contact") == 0 {
                throw refuse(.salesContacts, "there are no sales contacts", contacts)
            }
            if try count("prospect") == 0 {
                throw refuse(
                    .prospects, "there are no prospects",
                    "import them with 'crmenv import prospects FILE'")
            }
        case .customerContacts:
            if try count("sales_contact") == 0 {
                throw refuse(.salesContacts, "there are no sales contacts", contacts)
            }
            if try count("customer") == 0 {
                throw refuse(
                    .customerContacts, "there are no customers",
                    "bring LIVE's customers with 'crmenv refresh', or 'crmenv import customers FILE'"
                )
            }
        case .leads:
            if try count("lead_status", "active = 1") == 0 {
                throw refuse(
                    .dropdownValues, "there are no Lead Statuses",
                    "add them with 'crmenv values add lead-status CODE DESCRIPTION' or "
                        + "'crmenv values import lead-status FILE'")
            }
        case .opportunities:
            if try count("opportunity_status", "active = 1") == 0 {
                throw refuse(
                    .dropdownValues, "there are no Opportunity Statuses",
                    "add them with 'crmenv values add opportunity-status CODE DESCRIPTION "
                        + "--outcome open' or 'crmenv values import opportunity-status FILE'")
            }
        case .opportunityTasks:
            if try count("opportunity") == 0 {
                throw refuse(
                    .salesRecords, "there are no opportunities",
                    "import them with 'crmenv import opportunities FILE'")
            }
        case .quotes:
            if try count("customer") + count("prospect") == 0 {
                throw refuse(
                    .prospects, "there are no customers or prospects to quote",
                    "import prospects ('crmenv import prospects FILE') or bring customers with "
                        + "'crmenv refresh'")
            }
        case .quoteLines:
            if try count("quote") == 0 {
                throw refuse(
                    .salesRecords, "there are no quotes",
                    "import them with 'crmenv import quotes FILE' (or give --lines to it)")
            }
        }
    }
}
