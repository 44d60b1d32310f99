import CRMEnvTestSupport
import Foundation
import Testing

@testable import CRMEnv

@Suite struct ValueStoreTests {
    let folder = TemporaryDirectory("values")
    let store: ValueStore

    init() throws {
        _ = try folder.workspace.initialize()
        store = ValueStore(
            environment: try folder.workspace.open(.test, access: .write(holder: "t")))
    }

    @Test func addedValuesAreListedWithTheirAttributes() throws {
        try store.add(DropdownValue(code: "NEW", description: "New lead"), to: .leadStatus)
        try store.add(
            DropdownValue(code: "QUAL", description: "Qualified", chanceToClose: 20, sequence: 2),
            to: .opportunityStage)
        try store.add(
            DropdownValue(code: "PROS", description: "Prospecting", chanceToClose: 10, sequence: 1),
            to: .opportunityStage)
        try store.add(
            DropdownValue(code: "WON", description: "Won", outcome: .won), to: .opportunityStatus)
        try store.add(DropdownValue(code: "OPEN", description: "Open"), to: .opportunityStatus)
        #expect(
            try store.values(of: .leadStatus) == [
                DropdownValue(code: "NEW", description: "New lead")
            ])
        #expect(try store.values(of: .opportunityStage).map(\.code) == ["PROS", "QUAL"])
        #expect(try store.value("QUAL", in: .opportunityStage)?.chanceToClose == 20)
        #expect(try store.value("OPEN", in: .opportunityStatus)?.outcome == .open)
        #expect(try store.value("WON", in: .opportunityStatus)?.outcome == .won)
    }

    @Test(arguments: [
        (DropdownValue(code: "", description: "Empty"), ValueList.leadStatus, "the code is empty"),
        (
            DropdownValue(code: String(repeating: "X", count: 200), description: "Long"),
            .leadStatus, "the code has 200 characters; at most 15 are allowed"
        ),
        (DropdownValue(code: " NEW", description: "x"), .leadStatus, "leading or trailing space"),
        (DropdownValue(code: "NEW", description: "  "), .leadStatus, "the description is empty"),
        (
            DropdownValue(code: "QUAL", description: "Q", chanceToClose: 150), .opportunityStage,
            "chance to close 150 is outside 0–100"
        ),
        (
            DropdownValue(code: "W", description: "W", outcome: .won), .wonReason,
            "only opportunity-status values have an outcome"
        ),
    ])
    func invalidValuesAreRefusedAndNothingIsWritten(
        value: DropdownValue, list: ValueList, problem: String
    ) throws {
        do {
            try store.add(value, to: list)
            Issue.record("accepted \(value)")
        } catch let error as CRMEnvError {
            #expect(error.description.contains(problem), "\(error)")
            #expect(error.description.hasPrefix("invalid \(list.name) value"))
        }
        #expect(try store.count(of: list) == 0)
    }

    @Test func aDuplicateCodeIsRefusedAndTheFirstKept() throws {
        try store.add(DropdownValue(code: "NEW", description: "New lead"), to: .leadStatus)
        #expect(throws: CRMEnvError.duplicateCode(list: .leadStatus, code: "NEW")) {
            try store.add(DropdownValue(code: "NEW", description: "Other"), to: .leadStatus)
        }
        #expect(try store.value("NEW", in: .leadStatus)?.description == "New lead")
    }

    @Test func setChangesOnlyWhatIsGiven() throws {
        try store.add(
            DropdownValue(code: "QUAL", description: "Qualified", chanceToClose: 20, sequence: 2),
            to: .opportunityStage)
        let value = try store.update(
            "QUAL", in: .opportunityStage, with: ValueStore.Change(chanceToClose: 25))
        #expect(
            value
                == DropdownValue(
                    code: "QUAL", description: "Qualified", chanceToClose: 25, sequence: 2))
        #expect(try store.value("QUAL", in: .opportunityStage) == value)
    }

    @Test func setOnAMissingCodeSuggestsTheNearest() throws {
        try store.add(DropdownValue(code: "NEW", description: "New lead"), to: .leadStatus)
        #expect(throws: CRMEnvError.unknownCode(list: .leadStatus, code: "NEX", suggestion: "NEW"))
        {
            try store.update("NEX", in: .leadStatus, with: ValueStore.Change(description: "x"))
        }
    }

    @Test func setRefusesAnInvalidResultAndKeepsTheOldValue() throws {
        try store.add(
            DropdownValue(code: "QUAL", description: "Qualified", chanceToClose: 20, sequence: 2),
            to: .opportunityStage)
        #expect(throws: CRMEnvError.self) {
            try store.update(
                "QUAL", in: .opportunityStage, with: ValueStore.Change(chanceToClose: 101))
        }
        #expect(try store.value("QUAL", in: .opportunityStage)?.chanceToClose == 20)
    }

    @Test func retireKeepsTheValueInactiveAndRefusesTwice() throws {
        try store.add(DropdownValue(code: "OLD", description: "Old"), to: .lostReason)
        try store.retire("OLD", in: .lostReason, live: nil)
        #expect(try store.value("OLD", in: .lostReason)?.isActive == false)
        #expect(throws: CRMEnvError.alreadyRetired(list: .lostReason, code: "OLD")) {
            try store.retire("OLD", in: .lostReason, live: nil)
        }
        try store.update("OLD", in: .lostReason, with: ValueStore.Change(isActive: true))
        #expect(try store.value("OLD", in: .lostReason)?.isActive == true)
    }

    @Test func liveValuesCanBeReadButNotChanged() throws {
        let live = try folder.workspace.open(.live, access: .read)
        let liveStore = ValueStore(environment: live)
        #expect(try liveStore.values(of: .leadStatus).isEmpty)
        #expect(throws: CRMEnvError.liveIsProtected(action: "add a lead-status value")) {
            try liveStore.add(DropdownValue(code: "NEW", description: "New"), to: .leadStatus)
        }
    }

    @Test func unknownListNamesSuggestTheNearest() throws {
        #expect(throws: CRMEnvError.unknownList(name: "lead-statu", suggestion: "lead-status")) {
            _ = try ValueList.named("lead-statu")
        }
        #expect(try ValueList.named("won_reason") == .wonReason)
        #expect(throws: CRMEnvError.unknownList(name: "colour", suggestion: nil)) {
            _ = try ValueList.named("colour")
        }
    }

    @Test func everyListHasTheTableOfItsNameAndIsFoundByIt() throws {
        let tables = try folder.workspace.open(.test, access: .read).connection.rows(
            "SELECT name FROM sqlite_schema WHERE type = 'table'"
        ).compactMap { $0["name"].stringValue }
        for list in ValueList.allCases {
            #expect(list.table == list.name.split(separator: "-").joined(separator: "_"))
            #expect(tables.contains(list.table))
            #expect(ValueList(table: list.table) == list)
        }
        #expect(ValueList(table: "sales_contact") == nil)
        #expect(ValueList(table: "lead-status") == nil)
    }

    @Test func replacingAllReplacesEveryOccurrenceAndOnlyThose() {
        #expect("a'b''c".replacingAll("'", with: "''") == "a''b''''c")
        #expect("plain".replacingAll("'", with: "''") == "plain")
        #expect("café·café".replacingAll("·", with: "-") == "café-café")
        #expect("".replacingAll("\"", with: "\"\"") == "")
    }
}
