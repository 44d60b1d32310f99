import CRMEnv
import CRMEnvTestSupport
import Foundation
import Testing

@testable import CRMEnvCLI

@Suite struct CLITests {
    let folder = TemporaryDirectory("cli")
    var cli: CLIRunner { CLIRunner(folder) }

    @Test func helpListsEveryCommandAndTheExitStatuses() {
        let result = cli.run("help")
        #expect(result.status == .success)
        #expect(result.error.isEmpty)
        for spec in CLI.specs where spec.path != ["version"] {
            #expect(result.output.contains("  " + spec.name + " "), "help misses \(spec.name)")
        }
        #expect(result.output.contains("64  bad command line"))
        #expect(cli.run().output == result.output)
        #expect(cli.run("--help").output == result.output)
    }

    @Test func everyCommandHasGeneratedHelpWithItsOptions() {
        for spec in CLI.specs {
            let result = cli.run(spec.path + ["--help"])
            #expect(result.status == .success, "\(spec.name)")
            #expect(result.output.hasPrefix("OVERVIEW: \(spec.abstract)"))
            #expect(result.output.contains("USAGE: \(spec.usage)"))
            for option in spec.allOptions {
                #expect(result.output.contains(option.synopsis), "\(spec.name) \(option.name)")
            }
            #expect(cli.run(["help"] + spec.path).output == result.output)
        }
    }

    @Test func aGroupAloneShowsItsCommands() {
        let result = cli.run("values")
        #expect(result.status == .success)
        #expect(result.output.contains("values add"))
        #expect(result.output.contains("values list"))
    }

    @Test(arguments: [
        (["valus"], "Error: unknown command 'valus'; did you mean 'values'?"),
        (["values", "ad"], "Error: unknown values command 'ad'; did you mean 'add'?"),
        (["values", "add", "lead-status"], "Error: missing argument <code>"),
        (["values", "add", "lead-status", "A", "B", "C"], "Error: unexpected argument 'C'"),
        (["values", "list", "--jsn"], "Error: unknown option '--jsn'; did you mean '--json'?"),
        (["values", "list", "--env"], "Error: missing value for option '--env' (--env <env>)"),
        (
            ["values", "list", "--env", "prod"],
            "Error: invalid value 'prod' for '--env': expected one of 'test', 'live'"
        ),
        (
            ["values", "add", "opportunity-stage", "Q", "Q", "--chance", "abc"],
            "Error: invalid value 'abc' for '--chance': expected a whole number"
        ),
        (
            ["values", "add", "lead-statu", "NEW", "New"],
            "Error: unknown value list 'lead-statu'; did you mean 'lead-status'?"
        ),
        (["values", "list", "--json", "--json"], "Error: option '--json' is given more than once"),
        (["help", "nothing"], "Error: no help for 'nothing': there is no such command"),
    ])
    func badCommandLinesExit64WithErrorUsageAndSee(words: [String], message: String) {
        let result = cli.run(words)
        #expect(result.status == .usage)
        #expect(result.output.isEmpty)
        let lines = result.errorLines
        #expect(lines.first == message)
        #expect(lines.count == 3)
        #expect(lines.dropFirst().first?.hasPrefix("Usage: crmenv") == true)
        #expect(lines.last?.hasPrefix("  See 'crmenv help") == true)
    }

    @Test func initThenValuesRoundTrip() {
        #expect(cli.run("init").status == .success)
        let added = cli.run("values", "add", "lead-status", "NEW", "New lead")
        #expect(added.status == .success)
        #expect(added.output == "Added lead-status 'NEW' (New lead) in TEST\n")
        #expect(
            cli.run(
                "values", "add", "opportunity-stage", "QUAL", "Qualified", "--chance", "20",
                "--sequence", "2"
            ).status == .success)
        #expect(
            cli.run("values", "add", "opportunity-status", "WON", "Won", "--outcome", "won")
                .status == .success)
        #expect(
            cli.run("values", "set", "lead-status", "NEW", "--description", "New").output
                == "Changed lead-status 'NEW' in TEST: New, active\n")
        let list = cli.run("values", "list", "opportunity-stage")
        #expect(
            list.output == """
                Opportunity Stages (opportunity-stage) in TEST: 1 value
                  CODE  DESCRIPTION  CHANCE  SEQUENCE  STATE
                  QUAL  Qualified    20%     2         active

                """)
    }

    @Test func listAsJSONIsParseableAndComplete() throws {
        cli.run("init")
        cli.run("values", "add", "opportunity-status", "LOST", "Lost", "--outcome", "lost")
        let result = cli.run("values", "list", "opportunity-status", "--json")
        #expect(result.status == .success)
        struct Output: Decodable {
            let environment: String
            let lists: [String: [DropdownValue]]
        }
        let output = try JSONDecoder().decode(Output.self, from: Data(result.output.utf8))
        #expect(output.environment == "test")
        #expect(
            output.lists == [
                "opportunity-status": [
                    DropdownValue(code: "LOST", description: "Lost", outcome: .lost)
                ]
            ])
    }

    @Test func writesAimedAtLiveAreRefusedNamingPromote() throws {
        cli.run("init")
        let live = folder.file("environments/live.sqlite")
        let before = try databaseContent(live)
        for words in [
            ["values", "add", "lead-status", "NEW", "New", "--env", "live"],
            ["values", "set", "lead-status", "NEW", "--description", "x", "--env", "live"],
            ["values", "retire", "lead-status", "NEW", "--env", "live"],
        ] {
            let result = cli.run(words)
            #expect(result.status == .failure)
            #expect(result.errorLines.count == 1)
            #expect(result.error.contains("LIVE changes only through 'crmenv promote'"))
        }
        #expect(try databaseContent(live) == before)
    }

    @Test func runtimeErrorsAreOneLineAndChangeNothing() throws {
        cli.run("init")
        cli.run("values", "add", "lead-status", "NEW", "New lead")
        let test = folder.file("environments/test.sqlite")
        let before = try databaseContent(test)
        let cases: [([String], String)] = [
            (
                ["values", "add", "lead-status", "NEW", "Again"],
                "Error: lead-status 'NEW' already exists; use 'crmenv values set lead-status NEW ...' to change it"
            ),
            (
                ["values", "add", "lead-status", "", "Empty"],
                "Error: invalid lead-status value '': the code is empty"
            ),
            (
                ["values", "add", "opportunity-stage", "X", "X", "--chance", "150"],
                "Error: invalid opportunity-stage value 'X': chance to close 150 is outside 0–100"
            ),
            (
                ["values", "add", "lead-status", String(repeating: "A", count: 200), "Long"],
                "Error: invalid lead-status value '\(String(repeating: "A", count: 200))': "
                    + "the code has 200 characters; at most 15 are allowed"
            ),
            (
                ["init"],
                "Error: environment 'test' already exists at '\(test)'; init never overwrites one (remove it yourself, or use 'crmenv refresh' to reset TEST)"
            ),
        ]
        for (words, message) in cases {
            let result = cli.run(words)
            #expect(result.status == .failure, "\(words)")
            #expect(result.output.isEmpty)
            #expect(result.errorLines == [message])
        }
        #expect(try databaseContent(test) == before)
    }

    @Test func aRootThatIsAFileIsAClearError() throws {
        let file = try folder.write("x", to: "file")
        let result = cli.run("--root", file, "values", "list")
        #expect(result.status == .failure)
        #expect(
            result.errorLines == [
                "Error: workspace root '\(file)' is not a folder; pass --root with a folder, or unset CRMENV_HOME"
            ])
    }

    @Test func commandsBeforeInitSayToRunInit() {
        let result = cli.run("values", "list")
        #expect(result.status == .failure)
        #expect(result.error.contains("run 'crmenv init' first"))
    }

    @Test func crmenvHomeChoosesTheWorkspace() {
        let runner = CLIRunner(folder, environment: ["CRMENV_HOME": folder.file("home")])
        #expect(runner.run("init").status == .success)
        #expect(
            FileManager.default.fileExists(atPath: folder.file("home/environments/test.sqlite")))
    }

    @Test func aBusyEnvironmentIsReportedAtOnce() throws {
        cli.run("init")
        let holder = try folder.workspace.open(.test, access: .write(holder: "crmenv import leads"))
        let result = cli.run("values", "add", "lead-status", "NEW", "New")
        #expect(result.status == .failure)
        #expect(
            result.error.hasPrefix("Error: environment 'test' is busy (crmenv import leads, pid "))
        holder.close()
        #expect(cli.run("values", "add", "lead-status", "NEW", "New").status == .success)
    }

    @Test func noColourWhenOutputIsNotATerminalOrNOCOLORIsSet() {
        let piped = Console(
            output: { _ in }, error: { _ in }, isOutputTerminal: false, isErrorTerminal: false,
            environment: [:])
        #expect(!piped.usesColor && piped.bold("x") == "x")
        let noColor = Console(
            output: { _ in }, error: { _ in }, isOutputTerminal: true, isErrorTerminal: true,
            environment: ["NO_COLOR": "1"])
        #expect(!noColor.usesColor)
        let terminal = Console(
            output: { _ in }, error: { _ in }, isOutputTerminal: true, isErrorTerminal: true,
            environment: [:])
        #expect(terminal.bold("x") == "\u{1B}[1mx\u{1B}[0m")
    }
}
