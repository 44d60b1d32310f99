import CRMEnv
import CRMEnvTestSupport
import Foundation
import Testing

@testable import CRMEnvCLI

@Suite struct ImportCommandTests {
    let folder = TemporaryDirectory("cli-import")
    var cli: CLIRunner { CLIRunner(folder) }

    init() {
        CLIRunner(folder).run("init")
    }

    @Test func theTemplateIsTheHeaderAndAnExampleRow() {
        let result = cli.run("import", "--template", "leads")
        #expect(result.status == .success)
        #expect(
            result.output == """
                lead_id,topic,cust_num,prospect_id,contact_email,status,source,created_on
                L-2001,Hypochlorite feed pump upgrade,C000124,,jcarver@sweetwater.example.com,NEW,TRADESHOW,2026-01-16

                """)
    }

    @Test func aKindIsRecognisedBySingularOrPluralAndAWrongOneSuggestsTheNearest() {
        let result = cli.run("import", "contcts", "x.csv")
        #expect(result.status == .usage)
        #expect(
            result.errorLines.first
                == "Error: unknown import kind 'contcts'; did you mean 'contacts'?")
        #expect(cli.run("import", "--template", "lead").output.hasPrefix("lead_id,"))
    }

    @Test func aMissingFileIsOneLineAndExit1() {
        let result = cli.run("import", "leads", "missing.csv")
        #expect(result.status == .failure)
        #expect(
            result.errorLines == [
                "Error: import file '\(folder.file("missing.csv"))' does not exist; check the path"
            ])
    }

    @Test func contactsLoadAndReportTheirBatch() throws {
        let file = try folder.write(
            "First Name,Last Name,E-mail Address,Company\nAda,Lovelace,ada@example.com,Engines\n",
            to: "contacts.csv")
        let result = cli.run("import", "contacts", "contacts.csv", "--by", "dana")
        #expect(result.status == .success)
        #expect(
            result.output == """
                Loaded contacts.csv (outlook-csv, UTF-8) into TEST: 1 new, 0 updated, 0 unchanged
                Batch 1 recorded (vet it as 'batch:1')

                """)
        let batches = cli.run("batches", "--json")
        let decoded = try JSONDecoder().decode([ImportBatch].self, from: Data(batches.output.utf8))
        #expect(decoded.map(\.loadedBy) == ["dana"])
        #expect(decoded.first?.fileSize == Int64(fileBytes(file)?.count ?? 0))
    }

    @Test func aBadRowFailsTheWholeFileWithItsPlace() throws {
        try folder.write("lead_id,topic,cust_num,status\nL-1,A,C1,NEW\n", to: "leads.csv")
        cli.run("values", "add", "lead-status", "NEW", "New")
        let result = cli.run("import", "leads", "leads.csv")
        #expect(result.status == .failure)
        #expect(
            result.errorLines == [
                "Error: leads.csv:2:7: unknown customer 'C1'; customers come from LIVE "
                    + "('crmenv refresh') or 'crmenv import customers FILE'"
            ])
    }

    @Test func aDryRunListsTheProblemsAndFails() throws {
        try folder.write("lead_id,topic,cust_num,status\nL-1,A,C1,NEW\n", to: "leads.csv")
        cli.run("values", "add", "lead-status", "NEW", "New")
        let result = cli.run("import", "leads", "leads.csv", "--dry-run")
        #expect(result.status == .failure)
        #expect(result.output.contains("  leads.csv:2:7: unknown customer 'C1'"))
        #expect(result.error.contains("Dry run: nothing was written"))
        #expect(
            result.errorLines.last
                == "Error: the dry run found 1 bad row (listed above); correct them, or load the "
                + "good rows with --reject FILE")
    }

    @Test func onboardStatusAsJSONHasTheSixSteps() throws {
        let result = cli.run("onboard", "status", "--json")
        #expect(result.status == .success)
        let status = try JSONDecoder().decode(OnboardingStatus.self, from: Data(result.output.utf8))
        #expect(status.steps.map(\.step.rawValue) == [1, 2, 3, 4, 5, 6])
        #expect(status.steps.first?.state == .notStarted)
    }

    @Test func aPlanFolderThatDoesNotExistIsNamed() {
        let result = cli.run("onboard", "run", "no-plan")
        #expect(result.status == .failure)
        #expect(
            result.errorLines == [
                "Error: plan folder '\(folder.file("no-plan"))' does not exist; check the path"
            ])
    }
}

/// A few runs of the built executable, for the exit statuses and streams a shell sees.
@Suite struct ExecutableTests {
    let folder = TemporaryDirectory("binary")

    func run(_ arguments: [String]) throws -> Executable.Result {
        try Executable.run(arguments, in: folder.path)
    }

    @Test func helpGoesToStandardOutputWithStatus0() throws {
        let result = try run(["help"])
        #expect(result.status == 0)
        #expect(result.output.hasPrefix("OVERVIEW: "))
        #expect(result.error.isEmpty)
    }

    @Test func aBadCommandLineExits64OnStandardError() throws {
        let result = try run(["values", "list", "--colour"])
        #expect(result.status == 64)
        #expect(result.output.isEmpty)
        #expect(result.error.hasPrefix("Error: unknown option '--colour'"))
    }

    @Test func aFailureExits1WithOneLine() throws {
        let result = try run(["values", "list"])
        #expect(result.status == 1)
        #expect(result.error.split(separator: "\n").count == 1)
        #expect(result.error.contains("run 'crmenv init' first"))
    }

    @Test func noColourWhenOutputIsAPipe() throws {
        _ = try run(["init"])
        let result = try run(["onboard", "status"])
        #expect(result.status == 0)
        #expect(!result.output.contains("\u{1B}["))
    }
}
