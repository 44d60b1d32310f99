import CRMEnvTestSupport
import Foundation
import Testing

@testable import CRMEnv

@Suite struct OnboardingPlanTests {
    let ws: TestWorkspace

    init() throws {
        ws = try TestWorkspace("plan")
    }

    @Test func theSamplePlanListsItsFilesInTheSequencesOrder() throws {
        let plan = try OnboardingPlan(directory: SampleData.plan)
        #expect(
            plan.entries.map(\.file) == ValueList.allCases.map { "values/\($0.name).csv" } + [
                "contacts.csv", "contacts.vcf", "prospects.csv", "prospect-contacts.csv",
                "customer-contacts.csv", "leads.csv", "opportunities.csv",
                "opportunity-tasks.csv", "quotes.csv",
            ])
        #expect(plan.entries.last?.linesFile == "quote-lines.csv")
        #expect(plan.unknownFiles == [])
    }

    @Test func theSamplePlanRunsToStepFiveAndARerunSkipsEveryFile() throws {
        // Customers come first (as from LIVE); they need the territories.
        _ = try ValueStore(environment: ws.test).importValues(
            into: .territory, path: SampleData.planFile("values/territory.csv"),
            displayName: "territory.csv", by: "tester")
        try ws.importFile(.customers, SampleData.liveCustomers)
        let plan = try OnboardingPlan(directory: SampleData.plan)
        let first = try plan.run(in: ws.test, by: "tester")
        #expect(
            first.map(\.result)
                == plan.entries.map { $0.file == "values/territory.csv" ? .skipped : .loaded })
        #expect(
            first.first { $0.file == "contacts.csv" }?.counts == ImportCounts(new: 197, merged: 3))
        let status = try OnboardingStatus.read(test: ws.connection, live: nil)
        #expect(status.steps.prefix(5).map(\.state) == Array(repeating: .done, count: 5))
        #expect(status.steps[5].state == .notStarted)
        let before = try ws.testContent()
        let second = try plan.run(in: ws.test, by: "tester")
        #expect(second.map(\.result) == Array(repeating: .skipped, count: plan.entries.count))
        #expect(second.first?.message == "already loaded as batch \(first.first?.batchID ?? 0)")
        #expect(second.first?.batchID == first.first?.batchID)
        #expect(try ws.testContent() == before)
    }

    @Test func thePlanStopsAtTheFirstFailureAndKeepsWhatLoadedBefore() throws {
        let folder = ws.folder.file("plan")
        try FileManager.default.createDirectory(
            atPath: folder + "/values", withIntermediateDirectories: true)
        try ws.write("code,description\nNEW,New\n", to: "plan/values/lead-status.csv")
        try ws.write(
            "code,description,outcome\nOPEN,Open,open\n", to: "plan/values/opportunity-status.csv")
        try ws.write("prospect_id,name\nP-1,Acme\n", to: "plan/prospects.csv")
        try ws.write(
            "lead_id,topic,prospect_id,status\nL-1,Pumps,P-1,HOT\n", to: "plan/leads.csv")
        try ws.write(
            "opportunity_id,description,prospect_id,status\nO-1,Pumps,P-1,OPEN\n",
            to: "plan/opportunities.csv")
        try ws.write("x", to: "plan/contact.csv")
        let plan = try OnboardingPlan(directory: folder)
        #expect(plan.unknownFiles == ["contact.csv"])
        let outcomes = try plan.run(in: ws.test, by: "tester")
        #expect(outcomes.map(\.result) == [.loaded, .loaded, .loaded, .failed])
        #expect(outcomes.last?.file == "leads.csv")
        #expect(
            outcomes.last?.message?.hasPrefix("leads.csv:2:15: unknown lead-status 'HOT'") == true)
        #expect(try ws.connection.integer("SELECT count(*) FROM prospect") == 1)
        #expect(try ws.connection.integer("SELECT count(*) FROM opportunity") == 0)
    }

    @Test func aPlanWithoutTheRequiredListsIsRefusedBeforeAnythingRuns() throws {
        let folder = ws.folder.file("plan")
        try ws.write("prospect_id,name\nP-1,Acme\n", to: "plan/prospects.csv")
        let before = try ws.testContent()
        #expect(
            throws: CRMEnvError.planIncomplete(
                directory: folder, missing: "values/lead-status.csv", list: .leadStatus)
        ) {
            _ = try OnboardingPlan(directory: folder).run(in: ws.test, by: "tester")
        }
        #expect(try ws.testContent() == before)
    }

    @Test func statusWalksTheSteps() throws {
        var status = try OnboardingStatus.read(test: ws.connection, live: nil)
        #expect(
            status.steps.map(\.state) == [
                .notStarted, .blocked, .blocked, .blocked, .blocked, .blocked,
            ])
        #expect(status.next.hasPrefix("crmenv values add lead-status"))
        let store = ValueStore(environment: ws.test)
        try store.add(DropdownValue(code: "NEW", description: "New"), to: .leadStatus)
        status = try OnboardingStatus.read(test: ws.connection, live: nil)
        #expect(status.steps[0].state == .inProgress)
        #expect(status.next.hasPrefix("crmenv values add opportunity-status"))
        try store.add(DropdownValue(code: "OPEN", description: "Open"), to: .opportunityStatus)
        status = try OnboardingStatus.read(test: ws.connection, live: nil)
        #expect(status.steps[0].state == .done)
        #expect(status.steps[0].warnings.count == 6)
        #expect(status.steps[1].state == .notStarted)
        #expect(status.next == "crmenv import contacts FILE (.csv or .vcf)")
    }
}
