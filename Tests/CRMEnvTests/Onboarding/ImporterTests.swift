import CRMEnvTestSupport
import Foundation
import Testing

@testable import CRMEnv

@Suite struct ImporterTests {
    let ws: TestWorkspace

    init() throws {
        ws = try TestWorkspace("import")
    }

    func expectInvalid(
        _ message: String, unchanged before: [String: [[DatabaseValue]]],
        sourceLocation: Testing.SourceLocation = #_sourceLocation, _ body: () throws -> Void
    ) throws {
        do {
            try body()
            Issue.record("the import succeeded", sourceLocation: sourceLocation)
        } catch let error as CRMEnvError {
            #expect(error.description == message, sourceLocation: sourceLocation)
        }
        #expect(try ws.testContent() == before, sourceLocation: sourceLocation)
    }

    // MARK: - Contacts

    @Test func theOutlookSampleLoadsMergingItsDuplicates() throws {
        let report = try ws.importFile(.contacts, SampleData.planFile("contacts.csv"))
        #expect(report.format == "outlook-csv")
        #expect(report.encoding == "UTF-8")
        #expect(report.counts == ImportCounts(new: 197, merged: 3))
        let batch = try #require(report.batchID)
        #expect(try ws.connection.integer("SELECT count(*) FROM sales_contact") == 197)
        #expect(
            try ws.connection.integer(
                "SELECT count(*) FROM sales_contact WHERE batch_id = ?", [.integer(batch)]) == 197)
        let stored = try BatchStore(connection: ws.connection).batch(batch)
        #expect(stored?.kind == "contacts")
        #expect(stored?.fileName == "contacts.csv")
        #expect(stored?.checksum.count == 64)
        #expect(stored?.counts == report.counts)
    }

    @Test func aMultiLineQuotedNoteAndStreetAreKeptWhole() throws {
        let file = try ws.write(
            """
            "First Name","Last Name","Company","E-mail Address","Business Street","Business Street 2","Notes"\r
            "Ada","Lovelace","Analytical Engines, Ltd.","ada@example.com","12 Harbor Rd","Unit 4","Needs 12"" valves.\r
            Call after 3pm."\r

            """, to: "outlook.csv")
        try ws.importFile(.contacts, file)
        let row = try #require(try ws.connection.rows("SELECT * FROM sales_contact").first)
        #expect(row["company"] == "Analytical Engines, Ltd.")
        #expect(row["street"] == "12 Harbor Rd\nUnit 4")
        #expect(row["notes"] == "Needs 12\" valves.\nCall after 3pm.")
        #expect(row["match_key"] == "email:ada@example.com")
        #expect(row["id"] == .integer(IdAllocator.ceiling - 1))
    }

    @Test func bothOutlookHeaderOrdersMapTheSameFields() throws {
        let outlook2003 = try ws.write(
            "Title,First Name,Middle Name,Last Name,Suffix,Company,Department,Job Title,"
                + "Business Street,Business City,E-mail Address\n"
                + "Dr.,Grace,B.,Hopper,,Navy Labs,Computing,Rear Admiral,1 Pier St,Arlington,"
                + "grace@example.com\n", to: "2003.csv")
        let outlook2016 = try ws.write(
            "\"First Name\",\"Middle Name\",\"Last Name\",\"Title\",\"Suffix\",\"E-mail Address\","
                + "\"Company\",\"Job Title\",\"Department\",\"Business City\",\"Business Street\"\n"
                + "\"Alan\",\"M.\",\"Turing\",\"Mr.\",\"\",\"alan@example.com\",\"Bletchley\","
                + "\"Cryptanalyst\",\"Hut 8\",\"Milton Keynes\",\"The Park\"\n", to: "2016.csv")
        #expect(try ws.importFile(.contacts, outlook2003).format == "outlook-csv")
        #expect(try ws.importFile(.contacts, outlook2016).format == "outlook-csv")
        let rows = try ws.connection.rows(
            "SELECT salutation, first_name, middle_name, last_name, company, department, "
                + "job_title, street, city, email1 FROM sales_contact ORDER BY last_name")
        #expect(
            rows.map(\.values) == [
                [
                    "Dr.", "Grace", "B.", "Hopper", "Navy Labs", "Computing", "Rear Admiral",
                    "1 Pier St", "Arlington", "grace@example.com",
                ],
                [
                    "Mr.", "Alan", "M.", "Turing", "Bletchley", "Hut 8", "Cryptanalyst", "The Park",
                    "Milton Keynes", "alan@example.com",
                ],
            ])
    }

    @Test func aWindows1252ExportIsReadAndSaidSo() throws {
        // "Zoë Müller", "Café Größe" and "€" in Windows-1252 bytes.
        var bytes = Array("First Name,Last Name,Company,E-mail Address,Notes\r\n".utf8)
        bytes += [0x5A, 0x6F, 0xEB, 0x2C, 0x4D, 0xFC, 0x6C, 0x6C, 0x65, 0x72, 0x2C]
        bytes += [0x43, 0x61, 0x66, 0xE9, 0x20, 0x47, 0x72, 0xF6, 0xDF, 0x65, 0x2C]
        bytes += Array("zoe@example.com,".utf8) + [0x80, 0x35, 0x30, 0x0D, 0x0A]
        let file = try ws.folder.write(bytes: bytes, to: "cp1252.csv")
        let report = try ws.importFile(.contacts, file)
        #expect(report.encoding == "Windows-1252")
        let row = try #require(try ws.connection.rows("SELECT * FROM sales_contact").first)
        #expect(row["first_name"] == "Zoë")
        #expect(row["last_name"] == "Müller")
        #expect(row["company"] == "Café Größe")
        #expect(row["notes"] == "€50")
    }

    @Test func aUTF16ExportWithBOMIsRead() throws {
        let text = "First Name,Last Name,E-mail Address\r\nJosé,Núñez,jose@example.com\r\n"
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in text.utf16 {
            bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)]
        }
        let file = try ws.folder.write(bytes: bytes, to: "utf16.csv")
        let report = try ws.importFile(.contacts, file)
        #expect(report.encoding == "UTF-16LE")
        #expect(
            try ws.column("SELECT first_name || ' ' || last_name FROM sales_contact") == [
                "José Núñez"
            ])
    }

    @Test func reimportingAFileChangesNothingAndAnEditedRowIsUpdated() throws {
        let first = try ws.write(
            "First Name,Last Name,Company,E-mail Address,Job Title\n"
                + "Ada,Lovelace,Engines,ada@example.com,Analyst\n"
                + "Alan,Turing,Bletchley,alan@example.com,Cryptanalyst\n", to: "v1.csv")
        let loaded = try ws.importFile(.contacts, first)
        #expect(loaded.counts == ImportCounts(new: 2))
        let before = try ws.testContent()
        let again = try ws.importFile(.contacts, first)
        #expect(again.counts == ImportCounts(unchanged: 2))
        #expect(again.batchID == nil)
        #expect(try ws.testContent() == before)
        let edited = try ws.write(
            "First Name,Last Name,Company,E-mail Address,Job Title\n"
                + "Ada,Lovelace,Engines,ADA@example.com,Chief Analyst\n"
                + "Alan,Turing,Bletchley,alan@example.com,Cryptanalyst\n", to: "v2.csv")
        let update = try ws.importFile(.contacts, edited)
        #expect(update.counts == ImportCounts(updated: 1, unchanged: 1))
        let batch = try #require(update.batchID)
        #expect(
            try ws.column(
                "SELECT job_title FROM sales_contact WHERE batch_id = \(batch)") == [
                    "Chief Analyst"
                ])
        #expect(try ws.connection.integer("SELECT count(*) FROM sales_contact") == 2)
    }

    @Test func duplicatesInOneFileAreMergedFirstRowFirst() throws {
        let file = try ws.write(
            "first_name,last_name,company,email1,mobile_phone,job_title\n"
                + "Ada,Lovelace,Engines,ada@example.com,,Analyst\n"
                + "Ada,Lovelace,Engines,Ada@Example.com,555-0101,Programmer\n", to: "dups.csv")
        let report = try ws.importFile(.contacts, file)
        #expect(report.format == "csv")
        #expect(report.counts == ImportCounts(new: 1, merged: 1))
        let row = try #require(try ws.connection.rows("SELECT * FROM sales_contact").first)
        #expect(row["mobile_phone"] == "555-0101")
        #expect(row["job_title"] == "Analyst")
    }

    @Test func aContactWithoutEMailIsKnownByNameAndCompanyAndGetsItsAddressLater() throws {
        let noEmail = try ws.write(
            "first_name,last_name,company\nÉmile,Zola,Les Éditions\n", to: "a.csv")
        try ws.importFile(.contacts, noEmail)
        #expect(
            try ws.column("SELECT match_key FROM sales_contact") == ["name:emile|zola|les editions"]
        )
        let withEmail = try ws.write(
            "first_name,last_name,company,email1\nEmile,ZOLA,Les  Editions,emile@example.com\n",
            to: "b.csv")
        let report = try ws.importFile(.contacts, withEmail)
        #expect(report.counts == ImportCounts(updated: 1))
        #expect(try ws.column("SELECT match_key FROM sales_contact") == ["email:emile@example.com"])
    }

    @Test func vCardsFromTheSampleLoad() throws {
        let report = try ws.importFile(.contacts, SampleData.planFile("contacts.vcf"))
        #expect(report.format == "vcard")
        #expect(report.counts == ImportCounts(new: 25))
        let accented = try ws.connection.rows(
            "SELECT first_name, last_name FROM sales_contact WHERE last_name = 'Côté'")
        #expect(accented.map(\.values) == [["Hélène", "Côté"]])
        #expect(
            try ws.connection.integer("SELECT count(*) FROM sales_contact WHERE email1 IS NULL")
                == 0)
    }

    @Test func aVCardWithNoNameAndNoEMailIsRefusedAtItsLine() throws {
        let file = try ws.write(
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\nEMAIL:ada@example.com\r\nEND:VCARD\r\n"
                + "BEGIN:VCARD\r\nVERSION:3.0\r\nORG:Nobody Inc.\r\nTEL:555-0100\r\nEND:VCARD\r\n",
            to: "cards.vcf")
        let before = try ws.testContent()
        try expectInvalid(
            "cards.vcf:6: vCard: the contact has no name and no e-mail address; give it a first "
                + "or last name or an e-mail address, or remove it", unchanged: before
        ) {
            try ws.importFile(.contacts, file)
        }
    }

    @Test func aMappingReadsOtherExports() throws {
        let file = try ws.write(
            "Given Name,Family Name,Organization 1 - Name,E-mail 1 - Value,Address 1 - Street,"
                + "Address 1 - Extended Address,Phone 1 - Value\n"
                + "Ada,Lovelace,Engines,ada@example.com,12 Harbor Rd,Unit 4,555-0100\n",
            to: "google.csv")
        let mapping = try ws.write(
            """
            {"Given Name": "first_name", "Family Name": "last_name",
             "Organization 1 - Name": "company", "E-mail 1 - Value": "email1",
             "Address 1 - Street": "street", "Address 1 - Extended Address": "street"}
            """, to: "google.json")
        let report = try ws.importFile(.contacts, file, mapping: mapping)
        #expect(report.format == "mapped-csv")
        #expect(report.ignoredColumns == ["Phone 1 - Value"])
        let row = try #require(try ws.connection.rows("SELECT * FROM sales_contact").first)
        #expect(row["street"] == "12 Harbor Rd\nUnit 4")
        #expect(row["company"] == "Engines")
    }

    @Test func aMappingNamingAMissingColumnIsRefused() throws {
        let file = try ws.write("Given Name,Mail\nAda,ada@example.com\n", to: "other.csv")
        let mapping = try ws.write(
            "{\"Given Name\": \"first_name\", \"E-mail\": \"email1\"}", to: "map.json")
        let before = try ws.testContent()
        try expectInvalid(
            "other.csv:1: the mapping 'map.json' names column 'E-mail', which the file's header "
                + "does not have; correct the mapping; the file's columns are 'Given Name', 'Mail'",
            unchanged: before
        ) {
            try ws.importFile(.contacts, file, mapping: mapping)
        }
    }

    @Test func aMappingToAnUnknownFieldSuggestsTheNearest() throws {
        let file = try ws.write("Given Name\nAda\n", to: "other.csv")
        let mapping = try ws.write("{\"Given Name\": \"firstname\"}", to: "map.json")
        do {
            try ws.importFile(.contacts, file, mapping: mapping)
            Issue.record("accepted")
        } catch let error as CRMEnvError {
            #expect(
                error.description.hasPrefix(
                    "map.json:1: the mapping sends column 'Given Name' to unknown field "
                        + "'firstname'; did you mean 'first_name'?"))
        }
    }

    @Test func aHeaderWithNoKnownColumnIsRefused() throws {
        let file = try ws.write("Foo,Bar\n1,2\n", to: "unknown.csv")
        let before = try ws.testContent()
        try expectInvalid(
            "unknown.csv:1: the header is neither an Outlook contacts export nor crmenv's "
                + "contact columns; give a column mapping with --mapping FILE (see the README), "
                + "or use the header of 'crmenv import --template contacts'", unchanged: before
        ) {
            try ws.importFile(.contacts, file)
        }
        let leads = try ws.write("Foo,Bar\n1,2\n", to: "leads.csv")
        try ws.loadSampleValues()
        let withValues = try ws.testContent()
        try expectInvalid(
            "leads.csv:1: the header has no column crmenv knows for leads (expected lead_id, "
                + "topic, cust_num, prospect_id, contact_email, status, source, created_on); "
                + "start the file with a header row; 'crmenv import --template leads' prints one",
            unchanged: withValues
        ) {
            try ws.importFile(.leads, leads)
        }
    }
}

/// Files that cannot be read as CSV at all: the import stops at the place, TEST unchanged.
@Suite struct BrokenFileImportTests {
    let ws: TestWorkspace

    init() throws {
        ws = try TestWorkspace("broken")
    }

    func expectRefused(
        _ bytes: [UInt8], messagePrefix: String,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) throws {
        let file = try ws.folder.write(bytes: bytes, to: "contacts.csv")
        let before = try ws.testContent()
        do {
            try ws.importFile(.contacts, file, reject: ws.folder.file("rejects.csv"))
            Issue.record("accepted", sourceLocation: sourceLocation)
        } catch let error as CRMEnvError {
            #expect(
                error.description.hasPrefix(messagePrefix), "\(error)",
                sourceLocation: sourceLocation)
        }
        #expect(try ws.testContent() == before, sourceLocation: sourceLocation)
        #expect(!FileManager.default.fileExists(atPath: ws.folder.file("rejects.csv")))
        #expect(!FileManager.default.fileExists(atPath: ws.folder.file("rejects.csv.tmp")))
    }

    let header = Array("First Name,Last Name,E-mail Address\n".utf8)

    @Test func anUnterminatedQuoteMidFile() throws {
        try expectRefused(
            header
                + Array(
                    "Ada,Lovelace,ada@example.com\nAlan,\"Turing,alan@example.com\nGrace,Hopper,g@example.com\n"
                        .utf8),
            messagePrefix: "contacts.csv:3:6: unterminated quoted field")
    }

    @Test func anUnterminatedQuoteAtTheEnd() throws {
        try expectRefused(
            header + Array("Ada,Lovelace,\"ada@example.com\n".utf8),
            messagePrefix: "contacts.csv:2:14: unterminated quoted field")
    }

    @Test func aRowWithMoreFieldsThanTheHeader() throws {
        try expectRefused(
            header + Array("Ada,Lovelace,ada@example.com,extra\n".utf8),
            messagePrefix: "contacts.csv:2:30: row has 4 fields but the header has 3")
    }

    @Test func duplicateHeaderNames() throws {
        try expectRefused(
            Array("First Name,Last Name,first name\nAda,Lovelace,Ada\n".utf8),
            messagePrefix: "contacts.csv:1:22: duplicate column name")
    }

    @Test func aNULByte() throws {
        try expectRefused(
            header + Array("Ada,Love".utf8) + [0] + Array("lace,ada@example.com\n".utf8),
            messagePrefix: "contacts.csv:2:9: the file contains a NUL byte")
    }

    @Test func anEmptyFile() throws {
        try expectRefused([], messagePrefix: "contacts.csv:1: the file is empty")
    }

    @Test func aTenMegabyteField() throws {
        try expectRefused(
            header + Array("Ada,\"".utf8) + [UInt8](repeating: 0x61, count: 10 << 20)
                + Array("\",x@example.com\n".utf8),
            messagePrefix: "contacts.csv:2:5: field longer than 1 MB")
    }
}
