import CRMEnvTestSupport
import Foundation
import Testing

@testable import CRMEnv

@Suite struct ValueImportTests {
    let ws: TestWorkspace
    var store: ValueStore { ValueStore(environment: ws.test) }

    init() throws {
        ws = try TestWorkspace("value-import")
    }

    func load(_ list: ValueList, _ path: String) throws -> ValueImportReport {
        try store.importValues(
            into: list, path: path, displayName: (path as NSString).lastPathComponent, by: "tester")
    }

    func expectRefused(
        _ list: ValueList, file path: String, message: String,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) throws {
        let before = try ws.testContent()
        do {
            _ = try load(list, path)
            Issue.record("the import succeeded", sourceLocation: sourceLocation)
        } catch let error as CRMEnvError {
            #expect(error.description == message, sourceLocation: sourceLocation)
        }
        #expect(try ws.testContent() == before, sourceLocation: sourceLocation)
    }

    @Test func everySampleListLoadsWithItsExtraColumns() throws {
        for list in ValueList.allCases {
            let report = try load(list, SampleData.planFile("values/\(list.name).csv"))
            #expect(!report.added.isEmpty)
            #expect(report.batchID != nil)
        }
        let stages = try store.values(of: .opportunityStage)
        #expect(
            stages.map(\.code) == [
                "PROSPECT", "QUALIFY", "NEEDS", "PROPOSAL", "NEGOTIATE", "VERBAL",
            ])
        #expect(stages.map(\.chanceToClose) == [10, 20, 35, 50, 70, 90])
        let statuses = try store.values(of: .opportunityStatus)
        #expect(statuses.filter { $0.outcome == .won }.map(\.code) == ["WON"])
        #expect(
            Set(statuses.filter { $0.outcome == .lost }.map(\.code)) == ["LOST", "NOBID", "CANCEL"])
    }

    @Test func reloadingChangesOnlyWhatDiffers() throws {
        let first = try ws.write(
            "code,description\nPRICE,Best price\nSERVICE,Service\n", to: "won.csv")
        _ = try load(.wonReason, first)
        let second = try ws.write(
            "code,description,active\nPRICE,Best total price,\nSERVICE,Service,\nSPEC,Met spec,0\n",
            to: "won2.csv")
        let report = try load(.wonReason, second)
        #expect(report.added == ["SPEC"])
        #expect(report.changed == ["PRICE"])
        #expect(report.unchanged == ["SERVICE"])
        #expect(try store.value("SPEC", in: .wonReason)?.isActive == false)
        let again = try load(.wonReason, second)
        #expect(again.batchID == nil && again.unchanged.count == 3)
    }

    @Test func aMissingFileIsNamed() throws {
        let path = ws.folder.file("nowhere.csv")
        try expectRefused(
            .wonReason, file: path,
            message: "values file '\(path)' does not exist; check the path")
    }

    @Test func anEmptyFileIsRefused() throws {
        let path = try ws.write("", to: "empty.csv")
        try expectRefused(
            .wonReason, file: path,
            message: "empty.csv:1: the file is empty; export it again with a header row")
    }

    @Test func aHeaderOnlyFileIsRefused() throws {
        let path = try ws.write("code,description\n", to: "header.csv")
        let before = try ws.testContent()
        do {
            _ = try load(.wonReason, path)
            Issue.record("accepted")
        } catch let error as CRMEnvError {
            #expect(
                error.description.hasPrefix(
                    "header.csv:1: the file has a header row but no data rows"))
        }
        #expect(try ws.testContent() == before)
    }

    @Test func anUnterminatedQuoteIsRefusedWhereItOpens() throws {
        let path = try ws.write(
            "code,description\nPRICE,\"Best price\nSERVICE,Service\n", to: "quote.csv")
        let before = try ws.testContent()
        do {
            _ = try load(.wonReason, path)
            Issue.record("accepted")
        } catch let error as CRMEnvError {
            #expect(error.description.hasPrefix("quote.csv:2:7: unterminated quoted field"))
        }
        #expect(try ws.testContent() == before)
    }

    @Test func aDuplicateCodeOnLine40NamesBothLines() throws {
        var csv = "code,description\n"
        for number in 2...39 {
            csv += "R\(number),Reason \(number)\n"
        }
        csv += "R7,Reason seven again\n"
        let path = try ws.write(csv, to: "reasons.csv")
        try expectRefused(
            .lostReason, file: path,
            message:
                "reasons.csv:40:1: duplicate code 'R7' (first on line 7); keep one of the two rows")
    }

    @Test func aFileThatIsNotUTF8NorWindows1252IsRefused() throws {
        let path = try ws.folder.write(
            bytes: Array("code,description\nPRICE,Pri".utf8) + [0x81, 0x8D] + Array("ce\n".utf8),
            to: "binary.csv")
        let before = try ws.testContent()
        do {
            _ = try load(.wonReason, path)
            Issue.record("accepted")
        } catch let error as CRMEnvError {
            #expect(
                error.description.hasPrefix(
                    "binary.csv:2:10: the file is neither UTF-8 nor Windows-1252"))
        }
        #expect(try ws.testContent() == before)
    }

    @Test func everyBadRowIsFoundAndNothingLoads() throws {
        let path = try ws.write(
            "code,description,chance_to_close,sequence\nQUAL,Qualified,20,1\n"
                + "ABCDEFGHIJKLMNOPQRSTUVWXYZ,Too long,30,2\nBIG,Too likely,150,3\nBAD,,abc,4\n",
            to: "stages.csv")
        let before = try ws.testContent()
        do {
            _ = try load(.opportunityStage, path)
            Issue.record("accepted")
        } catch let error as CRMEnvError {
            #expect(
                error.problems.map(\.description) == [
                    "stages.csv:3:1: the code has 26 characters; at most 15 are allowed; correct the code",
                    "stages.csv:4:16: chance to close 150 is outside 0–100; write a number from 0 to 100",
                    "stages.csv:5:5: the description of 'BAD' is empty; fill it in",
                ])
        }
        #expect(try ws.testContent() == before)
    }

    @Test func aColumnOfAnotherListIsRefused() throws {
        let path = try ws.write("code,description,outcome\nPRICE,Price,won\n", to: "won.csv")
        try expectRefused(
            .wonReason, file: path,
            message: "won.csv:1:18: won-reason has no column 'outcome'; use the columns code, "
                + "description, active")
    }
}
