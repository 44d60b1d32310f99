import CRMEnv
import CRMEnvTestSupport
import Foundation
import Testing

@testable import CRMEnvCLI

@Suite struct DemoTests {
    let folder = TemporaryDirectory("demo")

    @Test func theDemoRunsTheWholeCycle() throws {
        let result = CLIRunner(folder).run("demo", "--into", "story")
        #expect(result.status == .success, "\(result.error)")
        let output = result.output
        for step in [
            "== 1. The company's LIVE CRM", "== 2. Refresh TEST from LIVE",
            "== 3. Onboarding in TEST",
            "== 6. Dry run", "== 7. Promote", "== 8. Drift in LIVE and the conflict it causes",
            "== 9. Rename a value with a remap", "== 10. Undo", "== 11. Roll back",
            "== 12. The audit log",
        ] {
            #expect(output.contains(step), "missing \(step)")
        }
        #expect(
            output.contains(
                "loaded     contacts.csv: batch 8, 197 new, 0 updated, 0 unchanged, 3 duplicates merged"
            ))
        #expect(output.contains("~ [LIVE] C000102  phone: '225-555-0135' → '225-555-0199'"))
        #expect(output.contains("    estimated_value: base 23200.0, TEST 21500.0, LIVE 25000.0"))
        #expect(result.error.contains("Error: cannot promote: conflict in opportunity"))
        #expect(result.error.contains("pass --remap lost-reason:PRICE=COST"))
        // The workspace is left as the story ends: LIVE as before go-live, six actions logged.
        let workspace = Workspace(root: folder.file("story"))
        let live = try workspace.open(.live, access: .read)
        #expect(try live.connection.integer("SELECT count(*) FROM customer") == 60)
        #expect(try live.connection.integer("SELECT count(*) FROM sales_contact") == 0)
        #expect(
            try workspace.auditLog.entries().map(\.action) == [
                "refresh", "vet", "promote", "vet", "vet", "promote", "undo", "rollback",
            ])
    }

    @Test func theDemoRefusesAFolderThatIsNotEmpty() throws {
        try folder.write("x", to: "busy/file.txt")
        let result = CLIRunner(folder).run("demo", "--into", "busy")
        #expect(result.status == .failure)
        #expect(
            result.errorLines == [
                "Error: cannot write '\(folder.file("busy"))': the demo needs a new or empty folder"
            ])
    }
}
