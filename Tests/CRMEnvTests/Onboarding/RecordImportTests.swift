import CRMEnvTestSupport
import Foundation
import Testing

@testable import CRMEnv

/// Steps 3 to 5: prospects, cross references, leads, opportunities, tasks and quotes.
@Suite struct RecordImportTests {
    let ws: TestWorkspace

    init() throws {
        ws = try TestWorkspace("records")
        try ws.loadSampleValues()
        try ws.importFile(.contacts, SampleData.planFile("contacts.csv"))
        try ws.importFile(.contacts, SampleData.planFile("contacts.vcf"))
        try ws.importFile(.prospects, SampleData.planFile("prospects.csv"))
        try ws.importFile(.customers, SampleData.liveCustomers)
    }

    func expectRefused(
        _ kind: ImportKind, _ csv: String, message: String,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) throws {
        let file = try ws.write(csv, to: "\(kind.name).csv")
        let before = try ws.testContent()
        do {
            try ws.importFile(kind, file)
            Issue.record("the import succeeded", sourceLocation: sourceLocation)
        } catch let error as CRMEnvError {
            #expect(error.description == message, sourceLocation: sourceLocation)
        }
        #expect(try ws.testContent() == before, sourceLocation: sourceLocation)
    }

    @Test func theWholeSamplePlanLoadsWithEveryReferenceResolved() throws {
        #expect(
            try ws.importFile(.prospectContacts, SampleData.planFile("prospect-contacts.csv"))
                .counts == ImportCounts(new: 59))
        #expect(
            try ws.importFile(.customerContacts, SampleData.planFile("customer-contacts.csv"))
                .counts == ImportCounts(new: 139))
        #expect(try ws.importFile(.leads, SampleData.planFile("leads.csv")).counts.new == 100)
        #expect(
            try ws.importFile(.opportunities, SampleData.planFile("opportunities.csv")).counts.new
                == 60)
        #expect(
            try ws.importFile(.opportunityTasks, SampleData.planFile("opportunity-tasks.csv"))
                .counts.new == 154)
        let quotes = try ws.importFile(
            .quotes, SampleData.planFile("quotes.csv"),
            lines: SampleData.planFile("quote-lines.csv"))
        #expect(quotes.counts.new == 140)
        #expect(quotes.files == ["quotes.csv", SampleData.planFile("quote-lines.csv")])
        // Natural keys became ids: an opportunity's lead, contact and prospect are the records.
        let row = try #require(
            try ws.connection.rows(
                """
                SELECT l.ref AS lead, p.ref AS prospect, c.email1 AS email, o.chance_to_close
                FROM opportunity o JOIN lead l ON l.id = o.lead_id
                JOIN prospect p ON p.id = o.prospect_id JOIN sales_contact c ON c.id = o.contact_id
                WHERE o.ref = 'O-3003'
                """
            ).first)
        #expect(row["lead"] == "L-2055")
        #expect(row["prospect"] == "P-1036")
        #expect(row["email"] == "ingrid.kim@northgatepower.example.com")
        #expect(row["chance_to_close"] == 20)
        let check = try ws.connection.rows("PRAGMA foreign_key_check")
        #expect(check.isEmpty)
    }

    @Test func anEmptyChanceTakesTheStagesDefault() throws {
        try ws.importFile(.leads, SampleData.planFile("leads.csv"))
        let file = try ws.write(
            "opportunity_id,description,cust_num,status,stage,chance_to_close\n"
                + "O-1,Pumps,C000102,OPEN,PROPOSAL,\n", to: "o.csv")
        try ws.importFile(.opportunities, file)
        #expect(try ws.column("SELECT chance_to_close FROM opportunity") == [50])
    }

    @Test func anUnknownStatusOnLine731IsNamedWithTheCommandThatAddsIt() throws {
        var csv = "lead_id,topic,cust_num,status\n"
        for line in 2...730 {
            csv += "L-\(line),Topic \(line),C000102,NEW\n"
        }
        csv += "L-731,Topic 731,C000102,HOTT\n"
        try expectRefused(
            .leads, csv,
            message: "leads.csv:731:25: unknown lead-status 'HOTT'; add it with 'crmenv values add "
                + "lead-status HOTT \"DESCRIPTION\"'")
    }

    @Test(arguments: [
        (
            "lead_id,topic,cust_num,prospect_id,status\nL-1,Pumps,C000102,P-1001,NEW\n",
            "leads.csv:2:19: the lead names both a customer and a prospect; keep one of "
                + "'cust_num' and 'prospect_id' and clear the other"
        ),
        (
            "lead_id,topic,cust_num,status\nL-1,Pumps,C999,NEW\n",
            "leads.csv:2:11: unknown customer 'C999'; customers come from LIVE ('crmenv refresh') "
                + "or 'crmenv import customers FILE'"
        ),
        (
            "lead_id,topic,cust_num,status,created_on\nL-1,Pumps,C000102,NEW,31/02/2026\n",
            "leads.csv:2:23: '31/02/2026' is not a date in YYYY-MM-DD form; write dates as "
                + "YYYY-MM-DD, e.g. 2026-02-28"
        ),
        (
            "lead_id,topic,cust_num,status,created_on\nL-1,Pumps,C000102,NEW,2026-02-31\n",
            "leads.csv:2:23: '2026-02-31' is not a real date (month 2 of 2026 has 28 days); write "
                + "dates as YYYY-MM-DD, e.g. 2026-02-28"
        ),
        (
            "lead_id,topic,cust_num,status\nL-1,,C000102,NEW\n",
            "leads.csv:2:5: the lead topic is empty; fill in the 'topic' column"
        ),
    ])
    func badLeadsAreRefusedWithTheirPlace(csv: String, message: String) throws {
        try expectRefused(.leads, csv, message: message)
    }

    @Test(arguments: [
        (
            "opportunity_id,description,cust_num,status,chance_to_close\nO-1,Pumps,C000102,OPEN,120\n",
            "opportunities.csv:2:24: chance to close 120 is outside 0–100; write a number from 0 to 100"
        ),
        (
            "opportunity_id,description,cust_num,status,won_reason\nO-1,Pumps,C000102,OPEN,PRICE\n",
            "opportunities.csv:2:24: won-reason 'PRICE' needs a status whose outcome is won, but "
                + "'OPEN' is open; clear the reason or use a won status"
        ),
        (
            "opportunity_id,description,cust_num,status,lost_reason\nO-1,Pumps,C000102,WON,PRICE\n",
            "opportunities.csv:2:23: lost-reason 'PRICE' needs a status whose outcome is lost, but "
                + "'WON' is won; clear the reason or use a lost status"
        ),
        (
            "opportunity_id,description,cust_num,status,estimated_value\nO-1,Pumps,C000102,OPEN,12k\n",
            "opportunities.csv:2:24: estimated value '12k' is not a number; write a plain number "
                + "such as 48250.00"
        ),
        (
            "opportunity_id,description,cust_num,status,stage\nO-1,Pumps,C000102,OPEN,PROPOSL\n",
            "opportunities.csv:2:24: unknown opportunity-stage 'PROPOSL'; did you mean 'PROPOSAL'? "
                + "Otherwise add it with 'crmenv values add opportunity-stage PROPOSL \"DESCRIPTION\"'"
        ),
    ])
    func badOpportunitiesAreRefusedWithTheirPlace(csv: String, message: String) throws {
        try expectRefused(.opportunities, csv, message: message)
    }

    @Test func aTaskNeedsItsOpportunity() throws {
        try ws.importFile(
            .opportunities,
            try ws.write(
                "opportunity_id,description,cust_num,status\nO-1,Pumps,C000102,OPEN\n", to: "o.csv")
        )
        try expectRefused(
            .opportunityTasks, "task_id,opportunity_id,description\nT-1,O-9,Call\n",
            message: "opportunity-tasks.csv:2:5: unknown opportunity 'O-9'; import it first with "
                + "'crmenv import opportunities FILE'")
    }

    @Test func aCrossReferenceNeedsAKnownContactEMail() throws {
        try expectRefused(
            .prospectContacts, "prospect_id,contact_email\nP-1001,nobody@example.com\n",
            message: "prospect-contacts.csv:2:8: no sales contact has the e-mail address "
                + "'nobody@example.com'; import the contact first ('crmenv import contacts FILE') "
                + "or correct the address")
    }

    @Test func everyBadRowIsCountedAndTheFirstIsNamed() throws {
        let file = try ws.write(
            "lead_id,topic,cust_num,status\nL-1,A,C000102,NEW\nL-2,B,C000102,XX\nL-3,C,C1,NEW\n",
            to: "leads.csv")
        do {
            try ws.importFile(.leads, file)
            Issue.record("accepted")
        } catch let error as CRMEnvError {
            #expect(error.problems.count == 2)
            #expect(error.description.hasPrefix("leads.csv:3:15: unknown lead-status 'XX'"))
            #expect(error.description.hasSuffix("(and 1 more problem)"))
        }
        #expect(try ws.connection.integer("SELECT count(*) FROM lead") == 0)
    }

    @Test func withARejectFileTheGoodRowsLoadAndTheBadOnesAreWrittenWithTheirReason() throws {
        let file = try ws.write(
            "lead_id,topic,cust_num,status\nL-1,A,C000102,NEW\nL-2,B,C000102,XX\n"
                + "L-3,\"C, with comma\",C000102,NEW\nL-4,D,C1,NEW\n", to: "leads.csv")
        let rejects = ws.folder.file("rejects.csv")
        let report = try ws.importFile(.leads, file, reject: rejects)
        #expect(report.counts == ImportCounts(new: 2, rejected: 2))
        #expect(report.rejectFile == rejects)
        #expect(try ws.column("SELECT ref FROM lead ORDER BY ref") == ["L-1", "L-3"])
        let written = try String(contentsOfFile: rejects, encoding: .utf8)
        #expect(
            written == """
                lead_id,topic,cust_num,status,reject_reason
                L-2,B,C000102,XX,"leads.csv:3:15: unknown lead-status 'XX'; add it with 'crmenv values add lead-status XX ""DESCRIPTION""'"
                L-4,D,C1,NEW,leads.csv:5:7: unknown customer 'C1'; customers come from LIVE ('crmenv refresh') or 'crmenv import customers FILE'

                """)
    }

    @Test func aDryRunReportsEveryProblemAndWritesNothing() throws {
        let file = try ws.write(
            "lead_id,topic,cust_num,status\nL-1,A,C000102,NEW\nL-2,B,C000102,XX\n", to: "leads.csv")
        let before = try ws.testContent()
        let report = try ws.importFile(.leads, file, dryRun: true)
        #expect(report.isDryRun)
        #expect(report.counts == ImportCounts(new: 1, rejected: 1))
        #expect(report.problems.count == 1)
        #expect(report.batchID == nil)
        #expect(try ws.testContent() == before)
    }

    @Test func leadsWaitForLeadStatuses() throws {
        let empty = try TestWorkspace("gate")
        try empty.importFile(
            .customers, try empty.write("cust_num,name\nC000102,Sweetwater\n", to: "c.csv"))
        let file = try empty.write(
            "lead_id,topic,cust_num,status\nL-1,A,C000102,NEW\n", to: "l.csv")
        do {
            try empty.importFile(.leads, file)
            Issue.record("accepted")
        } catch let error as CRMEnvError {
            #expect(
                error.description
                    == "cannot import leads: step 1 (dropdown values) is incomplete: there are no "
                    + "Lead Statuses; add them with 'crmenv values add lead-status CODE DESCRIPTION' "
                    + "or 'crmenv values import lead-status FILE'")
        }
    }

    @Test func crossReferencesWaitForTheirContacts() throws {
        let empty = try TestWorkspace("gate")
        let file = try empty.write("prospect_id,contact_email\nP-1,a@example.com\n", to: "pc.csv")
        #expect(throws: CRMEnvError.self) {
            try empty.importFile(.prospectContacts, file)
        }
        do {
            try empty.importFile(.prospectContacts, file)
        } catch let error as CRMEnvError {
            #expect(
                error.description.hasPrefix(
                    "cannot import prospect-contacts: step 2 (sales contacts) is incomplete: "
                        + "there are no sales contacts"))
        }
    }

    @Test func prospectsAreFoundAgainByIdOrByName() throws {
        let file = try ws.write(
            "prospect_id,name,city\nP-1002,Driftwood Coast Brewing,Tampa Bay\n", to: "p.csv")
        let report = try ws.importFile(.prospects, file)
        #expect(report.counts == ImportCounts(updated: 1))
        let byName = try ws.write("name,city\nDriftwood Coast Brewing,Tampa Bay\n", to: "q.csv")
        #expect(try ws.importFile(.prospects, byName).counts == ImportCounts(unchanged: 1))
        #expect(try ws.connection.integer("SELECT count(*) FROM prospect") == 40)
    }

    @Test func rowsShorterThanTheHeaderReadAsEmpty() throws {
        let file = try ws.write(
            "lead_id,topic,cust_num,status,source,created_on\nL-1,A,C000102,NEW\n", to: "l.csv")
        #expect(try ws.importFile(.leads, file).counts == ImportCounts(new: 1))
        #expect(try ws.column("SELECT source IS NULL AND created_on IS NULL FROM lead") == [1])
    }

    @Test func generatedIdsAreInTESTsBlock() throws {
        let ids = try ws.column("SELECT id FROM prospect").compactMap(\.int64Value)
        #expect(ids.count == 40)
        #expect(ids.allSatisfy { $0 >= IdAllocator.floor && $0 < IdAllocator.ceiling })
        #expect(Set(ids).count == 40)
    }
}
