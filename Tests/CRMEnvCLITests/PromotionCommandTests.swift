import CRMEnv
import CRMEnvTestSupport
import Foundation
import Testing

@testable import CRMEnvCLI

/// The snapshot, diff, vetting and promotion commands as a user types them.
@Suite struct PromotionCommandTests {
    let folder = TemporaryDirectory("cli-promote")
    var cli: CLIRunner { CLIRunner(folder) }

    init() throws {
        let cli = CLIRunner(folder)
        cli.run("init")
        let live = try Connection(path: folder.file("environments/live.sqlite"))
        try live.execute(
            """
            INSERT INTO lead_status VALUES ('NEW', 'New', 1);
            INSERT INTO opportunity_status VALUES ('OPEN', 'Open', 1, 'open');
            INSERT INTO customer (cust_num, name) VALUES ('C1', 'Acme');
            """)
        cli.run("refresh")
        cli.run("values", "add", "lead-status", "HOT", "Hot lead")
    }

    @Test(arguments: [
        (["promote"], "Error: missing option '--by <name>' (who promotes)"),
        (["vet", "--by", "dana"], "Error: name the items to vet, or give --all-values"),
        (["vet", "batch:1"], "Error: missing option '--by <name>' (who vets)"),
        (["rollback", "latest"], "Error: missing option '--by <name>' (who rolls LIVE back)"),
        (
            ["promote", "--by", "d", "--remap", "lost-reason:PRICE"],
            "Error: invalid --remap 'lost-reason:PRICE': write it as LIST:OLD=NEW, e.g. lost-reason:PRICE=COST"
        ),
        (
            ["diff", "--format", "xml"],
            "Error: invalid value 'xml' for '--format': expected one of 'text', 'json', 'html' (did you mean 'html'?)"
        ),
        (["diff", "--config", "--data"], "Error: give --config or --data, not both"),
        (["snapshot", "prune"], "Error: missing option '--keep <n>'"),
        (["snapshot", "verify"], "Error: give a snapshot id, 'latest', or --all"),
        (
            ["snapshot", "create", "--level", "12"],
            "Error: invalid value '12' for '--level': expected a level from 1 to 9"
        ),
    ])
    func badCommandLinesAreUsageErrors(words: [String], message: String) {
        let result = cli.run(words)
        #expect(result.status == .usage)
        #expect(result.errorLines.first == message)
    }

    @Test func diffChangesVetPromoteAndUndo() throws {
        let diff = cli.run("diff", "--config")
        #expect(diff.status == .success)
        #expect(diff.output.contains("+ HOT  description 'Hot lead', active 1"))
        let json = cli.run("diff", "--format", "json", "--stat")
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
        #expect(object["three_way"] as? Bool == true)
        let html = cli.run("diff", "--format", "html", "--output", "report.html")
        #expect(html.status == .success)
        #expect(
            try String(contentsOfFile: folder.file("report.html"), encoding: .utf8).contains("HOT"))
        #expect(
            cli.run("changes").output
                == "values:lead-status  lead-status 'HOT' added  [not vetted]\n")
        #expect(cli.run("vet", "values:lead-status", "--by", "dana").status == .success)
        let dry = cli.run("promote", "--dry-run")
        #expect(dry.status == .success)
        #expect(dry.output.contains("Would promote 1 item(s) to LIVE"))
        let promoted = cli.run("promote", "--by", "dana")
        #expect(promoted.status == .success, "\(promoted.error)")
        #expect(promoted.output.contains("Promotion "))
        #expect(cli.run("values", "list", "lead-status", "--env", "live").output.contains("HOT"))
        let undone = cli.run("undo", "latest", "--by", "dana")
        #expect(undone.status == .success)
        #expect(!cli.run("values", "list", "lead-status", "--env", "live").output.contains("HOT"))
        let log = cli.run("log", "--json")
        let entries = try JSONDecoder().decode([AuditEntry].self, from: Data(log.output.utf8))
        #expect(entries.map(\.action) == ["refresh", "vet", "promote", "undo"])
    }

    @Test func aLiveOfAnotherSchemaVersionIsRefused() throws {
        try Connection(path: folder.file("environments/live.sqlite")).setUserVersion(2)
        cli.run("vet", "values:lead-status", "--by", "dana")
        let result = cli.run("promote", "--by", "dana")
        #expect(result.status == .failure)
        #expect(
            result.errorLines == [
                "Error: '\(folder.file("environments/live.sqlite"))' has schema version 2, newer than this crmenv knows (1); use a newer crmenv"
            ])
    }

    @Test func snapshotsAreListedShownVerifiedAndRolledBackTo() throws {
        let created = cli.run("snapshot", "create", "--label", "before go-live", "--json")
        let manifest = try JSONDecoder().decode(
            SnapshotManifest.self, from: Data(created.output.utf8))
        #expect(manifest.label == "before go-live")
        #expect(cli.run("snapshot", "list").output.contains(manifest.id))
        let show = cli.run("snapshot", "show", "latest")
        #expect(show.output.contains("CRC-32       \(manifest.crc32Hex)"))
        #expect(show.output.contains("\n  customer            1\n"))
        #expect(cli.run("snapshot", "verify", "latest").output == "ok      \(manifest.id)\n")
        let rolled = cli.run("rollback", manifest.id, "--by", "dana")
        #expect(rolled.status == .success)
        #expect(rolled.output.hasPrefix("LIVE now equals snapshot \(manifest.id)\n"))
        let unknown = cli.run("rollback", "nope", "--by", "dana")
        #expect(
            unknown.errorLines == [
                "Error: cannot use snapshot 'nope': no snapshot has that id; 'crmenv snapshot list' shows them"
            ])
    }
}
