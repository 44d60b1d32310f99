import CRMEnvTestSupport
import Foundation
import Testing

@testable import CRMEnv

@Suite struct WorkspaceTests {
    let folder = TemporaryDirectory("workspace")

    @Test func theRootIsTheOptionThenCRMENVHOMEThenTheCurrentFolder() throws {
        let home = folder.file("home")
        let fromOption = try Workspace.locate(
            rootOption: "ws", environment: ["CRMENV_HOME": home], currentDirectory: folder.path)
        #expect(fromOption.root == folder.file("ws"))
        let fromHome = try Workspace.locate(
            rootOption: nil, environment: ["CRMENV_HOME": home], currentDirectory: folder.path)
        #expect(fromHome.root == home)
        let fromCurrent = try Workspace.locate(
            rootOption: nil, environment: [:], currentDirectory: folder.path)
        #expect(fromCurrent.root == folder.path)
    }

    @Test func aRootThatIsAFileIsRefused() throws {
        let file = try folder.write("not a folder", to: "file.txt")
        #expect(throws: CRMEnvError.rootNotADirectory(path: file)) {
            _ = try Workspace.locate(rootOption: file, environment: [:], currentDirectory: "/")
        }
    }

    @Test func initCreatesBothEnvironmentsAndTheFolders() throws {
        let workspace = folder.workspace
        let report = try workspace.initialize()
        #expect(report.testPath == folder.file("environments/test.sqlite"))
        #expect(report.livePath == folder.file("environments/live.sqlite"))
        #expect(!report.adoptedLive)
        #expect(FileSystem.isDirectory(folder.file("snapshots")))
        for name in EnvironmentName.allCases {
            let environment = try workspace.open(name, access: .read)
            #expect(try environment.connection.userVersion == Schema.currentVersion)
        }
        #expect(workspace.isInitialized)
    }

    @Test func initTwiceIsRefusedAndChangesNothing() throws {
        let workspace = folder.workspace
        _ = try workspace.initialize()
        let test = try workspace.open(.test, access: .write(holder: "t"))
        try ValueStore(environment: test).add(
            DropdownValue(code: "NEW", description: "New"), to: .leadStatus)
        test.close()
        let before = try databaseContent(folder.file("environments/test.sqlite"))
        #expect(
            throws: CRMEnvError.environmentExists(
                environment: .test, path: folder.file("environments/test.sqlite"))
        ) {
            _ = try workspace.initialize()
        }
        #expect(try databaseContent(folder.file("environments/test.sqlite")) == before)
    }

    @Test func commandsBeforeInitSayToRunInit() throws {
        #expect(
            throws: CRMEnvError.environmentMissing(
                environment: .test, path: folder.file("environments/test.sqlite"))
        ) {
            _ = try folder.workspace.open(.test, access: .read)
        }
    }

    @Test func liveCanBeAdoptedInPlaceAndIsRecordedInTheEnvironmentsFile() throws {
        let existing = folder.file("erp/crm.sqlite")
        try FileSystem.createDirectory(folder.file("erp"))
        let connection = try Connection(path: existing, mode: .create)
        try Migrator().migrate(connection, name: "erp")
        try connection.execute("INSERT INTO customer (cust_num, name) VALUES ('C000101', 'Acme')")
        let workspace = Workspace(root: folder.file("ws"))
        let report = try workspace.initialize(liveFrom: existing)
        #expect(report.adoptedLive && report.livePath == existing)
        #expect(report.migratedLiveFrom == nil)
        #expect(try workspace.databasePath(of: .live) == existing)
        let live = try workspace.open(.live, access: .read)
        #expect(try live.connection.integer("SELECT count(*) FROM customer") == 1)
        #expect(!FileSystem.exists(workspace.defaultDatabasePath(of: .live)))
    }

    @Test func anEmptyDatabaseIsCopiedThenMigratedWhenAdopted() throws {
        let existing = folder.file("empty.sqlite")
        _ = try Connection(path: existing, mode: .create)
        let workspace = Workspace(root: folder.file("ws"))
        let report = try workspace.initialize(liveFrom: existing)
        #expect(report.migratedLiveFrom == 0)
        let copy = try #require(report.liveCopyPath)
        #expect(copy.hasPrefix(workspace.snapshotsDirectory + "/empty-before-migration-v0-"))
        #expect(try Connection(path: copy, mode: .readOnly).userVersion == 0)
        #expect(try Connection(path: existing, mode: .readOnly).userVersion == 1)
    }

    @Test func aTextFileCannotBecomeLive() throws {
        let text = try folder.write("cust_num,name\nC1,Acme\n", to: "customers.sqlite")
        let workspace = Workspace(root: folder.file("ws"))
        #expect(throws: CRMEnvError.notADatabase(path: text)) {
            _ = try workspace.initialize(liveFrom: text)
        }
        #expect(!FileSystem.exists(workspace.defaultDatabasePath(of: .test)))
        #expect(!FileSystem.exists(workspace.environmentsFilePath))
        #expect(fileBytes(text) == Data("cust_num,name\nC1,Acme\n".utf8))
    }

    @Test func aDatabaseOfAnUnknownVersionCannotBecomeLive() throws {
        let path = folder.file("future.sqlite")
        let connection = try Connection(path: path, mode: .create)
        try Migrator().migrate(connection, name: "future")
        try connection.setUserVersion(9)
        let workspace = Workspace(root: folder.file("ws"))
        #expect(throws: CRMEnvError.schemaTooNew(path: path, version: 9, supported: 1)) {
            _ = try workspace.initialize(liveFrom: path)
        }
        #expect(try Connection(path: path, mode: .readOnly).userVersion == 9)
        #expect(!FileSystem.exists(workspace.defaultDatabasePath(of: .test)))
    }

    @Test func aForeignDatabaseCannotBecomeLive() throws {
        let path = folder.file("foreign.sqlite")
        let connection = try Connection(path: path, mode: .create)
        try connection.execute("CREATE TABLE contacts (id INTEGER PRIMARY KEY)")
        #expect(throws: CRMEnvError.unknownSchema(path: path)) {
            _ = try Workspace(root: folder.file("ws")).initialize(liveFrom: path)
        }
    }

    @Test func aMissingLiveIsNamed() throws {
        let path = folder.file("nowhere.sqlite")
        #expect(throws: CRMEnvError.fileNotFound(path: path, purpose: "LIVE database")) {
            _ = try Workspace(root: folder.file("ws")).initialize(liveFrom: path)
        }
    }

    @Test func aBrokenEnvironmentsFileIsReported() throws {
        let workspace = folder.workspace
        _ = try workspace.initialize()
        try folder.write("{\"live\": {\"path\": 42}}", to: "environments/environments.json")
        do {
            _ = try workspace.open(.live, access: .read)
            Issue.record("a broken environments file was accepted")
        } catch let error as CRMEnvError {
            #expect(error.description.hasPrefix("environments file '"))
            #expect(error.description.contains("'live.path'"))
        }
    }

    @Test func dataEntryIntoLiveIsRefusedBeforeLiveIsOpened() throws {
        let workspace = folder.workspace
        _ = try workspace.initialize()
        let before = fileBytes(folder.file("environments/live.sqlite"))
        #expect(throws: CRMEnvError.liveIsProtected(action: "add a lead-status value")) {
            _ = try workspace.openForDataEntry(
                .live, action: "add a lead-status value", holder: "t")
        }
        #expect(fileBytes(folder.file("environments/live.sqlite")) == before)
        #expect(!FileSystem.exists(folder.file("environments/live.sqlite.lock")))
    }
}

@Suite struct EnvironmentLockTests {
    let folder = TemporaryDirectory("lock")

    @Test func aSecondWriterIsToldAtOnceWhoHoldsTheEnvironment() throws {
        let workspace = folder.workspace
        _ = try workspace.initialize()
        let first = try workspace.open(.test, access: .write(holder: "crmenv import contacts"))
        let started = Date()
        do {
            _ = try workspace.open(.test, access: .write(holder: "crmenv values add"))
            Issue.record("the second writer got the lock")
        } catch let CRMEnvError.environmentBusy(environment, holder) {
            #expect(environment == .test)
            #expect(holder.hasPrefix("crmenv import contacts, pid \(getpid()), since "))
        }
        #expect(Date().timeIntervalSince(started) < 0.5)
        // Readers are not blocked, and the lock is free again once the writer is done.
        _ = try workspace.open(.test, access: .read)
        first.close()
        let second = try workspace.open(.test, access: .write(holder: "crmenv values add"))
        #expect(second.isWritable)
    }

    @Test func theMessageSaysBusyAndWhatToDo() {
        let error = CRMEnvError.environmentBusy(environment: .live, holder: "crmenv promote")
        #expect(
            error.description
                == "environment 'live' is busy (crmenv promote); try again when it finishes")
    }
}
