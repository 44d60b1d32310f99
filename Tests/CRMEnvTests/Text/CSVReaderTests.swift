import CRMEnvTestSupport
import Foundation
import Testing

@testable import CRMEnv

@Suite struct CSVReaderTests {
    // MARK: - Real exports

    @Test func readsAnOutlook2003Export() throws {
        let reader = try CSVReader(
            path: TextFixtures.path("outlook2003.csv"), displayName: "contacts.csv")
        #expect(reader.encoding == .utf8)
        #expect(reader.delimiter == ",")
        let header = try reader.readHeader(requiringDataRows: true)
        #expect(header.count == 92)
        #expect(
            header.names.prefix(5) == ["Title", "First Name", "Middle Name", "Last Name", "Suffix"])
        #expect(header.names.last == "Web Page")
        #expect(header.index(of: "e-mail address") == 57)
        #expect(header.index(of: "FirstName") == 1)
        #expect(header.index(of: " business  country/region ") == 14)
        #expect(header.index(of: "Fax") == nil)

        let records = try readAllCSVRecords(reader)
        #expect(records.map(\.line) == [2, 6, 7])
        #expect(records.map(\.fields.count) == [92, 92, 92])

        let john = records[0]
        #expect(header.value("First Name", in: john) == "John")
        #expect(header.value("Company", in: john) == "Contoso, Ltd.")
        #expect(header.value("Business Street", in: john) == "1 Microsoft Way\nBuilding 92")
        #expect(header.value("Categories", in: john) == "Customers;Key Accounts")
        #expect(
            header.value("Notes", in: john)
                == "Met at the trade fair.\nPrefers e-mail; call only if urgent.\n"
                + "Says the stand was 5\" too small.")
        // The street holds a line break, so the fields after it start on line 3.
        let street = try #require(header.index(of: "Business Street"))
        let city = try #require(header.index(of: "Business City"))
        let notes = try #require(header.index(of: "Notes"))
        #expect(
            john.location(ofField: street)
                == CRMEnv.SourceLocation(file: "contacts.csv", line: 2, column: 70))
        #expect(
            john.location(ofField: city)
                == CRMEnv.SourceLocation(file: "contacts.csv", line: 3, column: 20))
        #expect(
            john.location(ofField: notes)
                == CRMEnv.SourceLocation(file: "contacts.csv", line: 3, column: 396))

        let zoe = records[1]
        #expect(header.value("First Name", in: zoe) == "Zoë")
        #expect(header.value("Last Name", in: zoe) == "Müller-Lüdenscheidt")
        #expect(header.value("Notes", in: zoe) == "Preis: 1.000 €")
        // Columns count characters, not bytes: "Zoë" is three.
        #expect(zoe.columns[3] == 16)
        #expect(zoe.columns[notes] == 402)
        #expect(header.value("Last Name", in: records[2]) == "O'Brien")
        #expect(try reader.readRecord() == nil)
    }

    @Test func readsAnOutlook2016ExportWithBareFieldsAndShortRows() throws {
        let reader = try CSVReader(
            path: TextFixtures.path("outlook2016.csv"), displayName: "outlook.csv")
        let header = try reader.readHeader()
        #expect(header.count == 61)
        #expect(header.names.prefix(4) == ["First Name", "Middle Name", "Last Name", "Title"])
        let records = try readAllCSVRecords(reader)
        // The blank line after the first record is skipped, and so is the final line end.
        #expect(records.map(\.line) == [2, 5, 6])
        let maria = records[0]
        #expect(header.value("Last Name", in: maria) == "García")
        #expect(header.value("Company", in: maria) == "Ejemplo, S.A.")
        #expect(header.value("Business Street", in: maria) == "Calle Mayor 1\n2º izquierda")
        #expect(header.value("Business City", in: maria) == "Madrid")
        // A quote inside an unquoted field is text.
        #expect(header.value("Notes", in: maria) == "Height 5\" short of 6'")
        let notes = try #require(header.index(of: "Notes"))
        #expect(maria.fieldLines[notes] == 3)
        #expect(maria.columns[notes] == 43)
        let kurt = records[2]
        #expect(kurt.fields == ["Kurt", "", "Short"])
        #expect(header.value("Company", in: kurt) == "")
        #expect(header.value("Nope", in: kurt) == nil)
        #expect(kurt.location(ofField: 40) == CRMEnv.SourceLocation(file: "outlook.csv", line: 6))
    }

    @Test func sniffsSemicolonsFromAGermanExcelExport() throws {
        let reader = try CSVReader(
            path: TextFixtures.path("excel-semicolon.csv"), displayName: "kontakte.csv")
        #expect(reader.delimiter == ";")
        let header = try reader.readHeader()
        #expect(
            header.names == [
                "Anrede", "Vorname", "Nachname", "Firma", "E-Mail", "Telefon", "Notiz",
            ])
        let records = try readAllCSVRecords(reader)
        #expect(records.count == 2)
        #expect(records[0].fields[3] == "Schäfer & Söhne, KG")
        #expect(records[0].fields[6] == "Kunde seit 2019; zahlt pünktlich")
        #expect(records[0].columns == [1, 6, 13, 21, 41, 63, 78])
        #expect(
            records[1].fields == [
                "Frau", "Aylin", "Yılmaz", "", "aylin@example.de", "0171 2345678",
                "Rückruf erbeten, Di oder Do",
            ])
    }

    @Test func sniffsTheDelimiterOutsideQuotesOnly() throws {
        let folder = try TextScratchFolder()
        let semicolons = try folder.write(
            "\"Name, full\";\"E-mail, work\";Phone\nA;b;c\n", to: "a.csv")
        #expect(try CSVReader(path: semicolons, displayName: "a.csv").delimiter == ";")
        let tabs = try folder.write(
            "Name\tE-mail\tNotes\nAnn\tann@example.com\tx, y; z\n", to: "b.csv")
        let reader = try CSVReader(path: tabs, displayName: "b.csv")
        #expect(reader.delimiter == "\t")
        _ = try reader.readHeader()
        #expect(try reader.readRecord()?.fields == ["Ann", "ann@example.com", "x, y; z"])
        let single = try folder.write("Name\nAnn\n", to: "c.csv")
        #expect(try CSVReader(path: single, displayName: "c.csv").delimiter == ",")
    }

    // MARK: - Encodings

    @Test func readsWindows1252() throws {
        let folder = try TextScratchFolder()
        let text =
            "Vorname,Nachname,Notiz\r\nRené,Müller,\"Straße, Köln – ‘Büro’ 5 €\"\r\nJosé,Núñez,café\r\n"
        let path = try folder.write(.windows1252(text), to: "cp1252.csv")
        let reader = try CSVReader(path: path, displayName: "cp1252.csv")
        #expect(reader.encoding == .windows1252)
        _ = try reader.readHeader()
        let records = try readAllCSVRecords(reader)
        #expect(
            records.map(\.fields) == [
                ["René", "Müller", "Straße, Köln – ‘Büro’ 5 €"], ["José", "Núñez", "café"],
            ])
        #expect(records[1].columns == [1, 6, 12])
    }

    @Test func readsUTF16WithByteOrderMarks() throws {
        let folder = try TextScratchFolder()
        let text = "First Name,Last Name,Notes\r\nZoë,Ōtsuka,\"Likes 🎸,\r\nand 🍣\"\r\nLi,Wei,\r\n"
        for littleEndian in [true, false] {
            let path = try folder.write(
                .utf16(text, littleEndian: littleEndian), to: "u\(littleEndian).csv")
            let reader = try CSVReader(path: path, displayName: "unicode.csv")
            #expect(reader.encoding == (littleEndian ? .utf16LE : .utf16BE))
            let header = try reader.readHeader()
            #expect(header.names == ["First Name", "Last Name", "Notes"])
            let records = try readAllCSVRecords(reader)
            #expect(
                records.map(\.fields) == [
                    ["Zoë", "Ōtsuka", "Likes 🎸,\nand 🍣"], ["Li", "Wei", ""],
                ])
            #expect(records.map(\.line) == [2, 4])
            #expect(records[0].columns == [1, 5, 12])
        }
    }

    @Test func readsUTF8WithByteOrderMark() throws {
        let folder = try TextScratchFolder()
        let path = try folder.write(
            [0xEF, 0xBB, 0xBF] + Array("First Name,E-mail\nÅsa,asa@example.se\n".utf8),
            to: "bom.csv")
        let reader = try CSVReader(path: path, displayName: "bom.csv")
        #expect(reader.encoding == .utf8WithBOM)
        let header = try reader.readHeader()
        #expect(header.names == ["First Name", "E-mail"])
        #expect(header.index(of: "first name") == 0)
        #expect(try reader.readRecord()?.fields == ["Åsa", "asa@example.se"])
    }

    @Test func headerNamesLoseStrayBOMsSpacesAndQuotes() throws {
        let folder = try TextScratchFolder()
        // A BOM saved twice, and names written as `"Name", "E-mail"`.
        let path = try folder.write(
            [0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF]
                + Array("Name, \"E-mail\" ,  Phone \nA,b,c\n".utf8),
            to: "h.csv")
        let header = try CSVReader(path: path, displayName: "h.csv").readHeader()
        #expect(header.names == ["Name", "E-mail", "Phone"])
        #expect(header.record.fields[1] == " \"E-mail\" ")
        #expect(header.index(of: "e-mail") == 1)
    }

    // MARK: - Line ends and quoting

    @Test func acceptsCRLFAndLFAndLoneCRLineEndsMixed() throws {
        let folder = try TextScratchFolder()
        let text = "a,b\r\n1,\"x\ry\"\r2,\"p\r\nq\nr\"\n\r\n3,z\r4,w"
        let path = try folder.write(text, to: "mixed.csv")
        let reader = try CSVReader(path: path, displayName: "mixed.csv")
        _ = try reader.readHeader()
        let records = try readAllCSVRecords(reader)
        #expect(
            records.map(\.fields) == [["1", "x\ny"], ["2", "p\nq\nr"], ["3", "z"], ["4", "w"]])
        #expect(records.map(\.line) == [2, 4, 8, 9])
    }

    @Test func acceptsOldMacCROnlyFiles() throws {
        let folder = try TextScratchFolder()
        let path = try folder.write(
            "Name,City\rAnn,Oslo\r\rBob,\"Bergen\rNorway\"\rCy,Rome\r", to: "mac.csv")
        let reader = try CSVReader(path: path, displayName: "mac.csv")
        _ = try reader.readHeader()
        let records = try readAllCSVRecords(reader)
        #expect(
            records.map(\.fields) == [
                ["Ann", "Oslo"], ["Bob", "Bergen\nNorway"], ["Cy", "Rome"],
            ])
        #expect(records.map(\.line) == [2, 4, 6])
    }

    @Test func handlesQuotesAsRealExportsWriteThem() throws {
        let folder = try TextScratchFolder()
        let text = #"""
            a,b,c
            "He said ""hi""",5" tall,""
            "",x"y"z,"a,b"
            "",,
            "x",
            """#
        let path = try folder.write(text, to: "q.csv")
        let reader = try CSVReader(path: path, displayName: "q.csv")
        _ = try reader.readHeader()
        let records = try readAllCSVRecords(reader)
        #expect(
            records.map(\.fields) == [
                ["He said \"hi\"", "5\" tall", ""], ["", "x\"y\"z", "a,b"], ["", "", ""],
                ["x", ""],
            ])
        #expect(records[1].columns == [1, 4, 10])
    }

    @Test func blankLinesAreSkippedAndTheLastLineNeedsNoLineEnd() throws {
        let folder = try TextScratchFolder()
        let path = try folder.write("\n\nName;Age\n\n\nAnn;30\n\r\nBob;41", to: "b.csv")
        let reader = try CSVReader(path: path, displayName: "b.csv")
        #expect(reader.delimiter == ";")
        let header = try reader.readHeader()
        #expect(header.record.line == 3)
        let records = try readAllCSVRecords(reader)
        #expect(records.map(\.fields) == [["Ann", "30"], ["Bob", "41"]])
        #expect(records.map(\.line) == [6, 8])
    }

    /// A generated file whose records cross the 64 KiB chunk boundaries in every way: inside
    /// quoted and unquoted fields, between CR and LF, inside multi-byte characters. Expected
    /// fields, lines and columns are computed while writing it.
    @Test func chunkBoundariesChangeNothing() throws {
        var random = TextTestRandom(seed: 42)
        let pieces = [
            "Ann", "Zoë", "😀", "a,b", "say \"hi\"", "5\" tall", "x", "", "Straße 1",
            "line\none", "cr\rlf", "crlf\r\nend", "  padded  ", "€€€", ";",
        ]
        let lineEnds = ["\r\n", "\n", "\r"]
        var text = "name,notes,more\n"
        var expected: [(fields: [String], line: Int, columns: [Int], fieldLines: [Int])] = []
        var line = 2
        while text.utf8.count < 400_000 {
            var fields: [String] = []
            var columns: [Int] = []
            var fieldLines: [Int] = []
            var column = 1
            for index in 0..<3 {
                if index > 0 {
                    text += ","
                    column += 1
                }
                var value = ""
                for _ in 0..<random.next(upTo: 4) {
                    value += pieces[random.next(upTo: pieces.count)]
                }
                let needsQuotes = value.unicodeScalars.contains {
                    ",\"\r\n".unicodeScalars.contains($0)
                }
                fields.append(
                    value.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(
                        of: "\r", with: "\n"))
                columns.append(column)
                fieldLines.append(line)
                if needsQuotes || random.next(upTo: 3) == 0 {
                    let quoted = "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
                    text += quoted
                    for scalar in quoted.unicodeScalars {
                        if scalar == "\r" || scalar == "\n" {
                            column = 1
                        } else {
                            column += 1
                        }
                    }
                    // Count scalars: a String would merge a CR and an LF into one Character.
                    line +=
                        quoted.replacingOccurrences(of: "\r\n", with: "\n").unicodeScalars
                        .filter { $0 == "\n" || $0 == "\r" }.count
                } else {
                    text += value
                    column += value.unicodeScalars.count
                }
            }
            expected.append((fields, fieldLines[0], columns, fieldLines))
            text += lineEnds[random.next(upTo: lineEnds.count)]
            line += 1
        }
        let folder = try TextScratchFolder()
        for (name, bytes) in [
            ("utf8", Array(text.utf8)), ("utf16", [UInt8].utf16(text, littleEndian: true)),
        ] {
            let path = try folder.write(bytes, to: "\(name).csv")
            let reader = try CSVReader(path: path, displayName: "gen.csv")
            _ = try reader.readHeader()
            let records = try readAllCSVRecords(reader)
            try #require(records.count == expected.count)
            for (record, want) in zip(records, expected) {
                #expect(record.fields == want.fields)
                #expect(record.line == want.line)
                #expect(record.columns == want.columns)
                #expect(record.fieldLines == want.fieldLines)
            }
        }
    }

    // MARK: - Errors

    @Test func anUnterminatedQuoteMidFileIsReportedWhereItOpens() throws {
        let reader = try CSVReader(
            path: TextFixtures.path("broken-unterminated-mid.csv"), displayName: "contacts.csv")
        _ = try reader.readHeader()
        #expect(try reader.readRecord()?.fields == ["Ann", "Lee", "Likes tea"])
        let problem = try textInputProblem { _ = try reader.readRecord() }
        #expect(
            problem.description
                == "contacts.csv:3:11: unterminated quoted field (the quote opens here and the "
                + "file ends before it closes); close the quote or remove it")
    }

    @Test func anUnterminatedQuoteThatPairsWithALaterOneNamesBothPlaces() throws {
        let reader = try CSVReader(
            path: TextFixtures.path("broken-unterminated-pairs.csv"), displayName: "contacts.csv")
        _ = try reader.readHeader()
        _ = try reader.readRecord()
        let problem = try textInputProblem { _ = try reader.readRecord() }
        #expect(
            problem.location == CRMEnv.SourceLocation(file: "contacts.csv", line: 5, column: 11))
        #expect(
            problem.message
                == "unexpected 'V' after the closing quote of a field (the quoted field opens at "
                + "line 3, column 11: is its closing quote missing?)")
    }

    @Test func anUnterminatedQuoteAtTheEndIsReportedWhereItOpens() throws {
        let reader = try CSVReader(
            path: TextFixtures.path("broken-unterminated-end.csv"), displayName: "end.csv")
        _ = try reader.readHeader()
        _ = try reader.readRecord()
        let problem = try textInputProblem { _ = try reader.readRecord() }
        #expect(problem.location == CRMEnv.SourceLocation(file: "end.csv", line: 3, column: 11))
        #expect(problem.message.hasPrefix("unterminated quoted field"))
        #expect(problem.fix == "close the quote or remove it")
    }

    @Test func textAfterAClosingQuoteIsRefusedWhereItIs() throws {
        let reader = try CSVReader(
            path: TextFixtures.path("broken-text-after-quote.csv"), displayName: "q.csv")
        _ = try reader.readHeader()
        let problem = try textInputProblem { _ = try reader.readRecord() }
        #expect(
            problem.description
                == "q.csv:2:15: unexpected 'b' after the closing quote of a field; put a "
                + "delimiter or a line end after the closing quote, and double every quote "
                + "inside a quoted field (\"\")")
    }

    @Test func aRowWithMoreFieldsThanTheHeaderIsRefusedAtTheFirstExtraField() throws {
        let reader = try CSVReader(
            path: TextFixtures.path("broken-too-many-fields.csv"), displayName: "contacts.csv")
        let header = try reader.readHeader()
        #expect(header.count == 4)
        #expect(try reader.readRecord()?.fields == ["Ann", "Lee", "Acme", "ann@example.com"])
        let problem = try textInputProblem { _ = try reader.readRecord() }
        #expect(
            problem.description
                == "contacts.csv:3:36: row has 5 fields but the header has 4; quote fields that "
                + "contain commas")
    }

    @Test func tooManyFieldsNamesTheDelimiterInUse() throws {
        let folder = try TextScratchFolder()
        let path = try folder.write("a;b\n1;2;3\n", to: "s.csv")
        let reader = try CSVReader(path: path, displayName: "s.csv")
        _ = try reader.readHeader()
        let problem = try textInputProblem { _ = try reader.readRecord() }
        #expect(problem.location == CRMEnv.SourceLocation(file: "s.csv", line: 2, column: 5))
        #expect(problem.fix == "quote fields that contain semicolons")
    }

    @Test func aRunawayRowIsRefusedWithItsFieldCount() throws {
        let folder = try TextScratchFolder()
        let commas = String(repeating: ",", count: 100_000)
        let path = try folder.write("a,b\nx,y\(commas)\n", to: "r.csv")
        let reader = try CSVReader(path: path, displayName: "r.csv")
        _ = try reader.readHeader()
        let problem = try textInputProblem { _ = try reader.readRecord() }
        #expect(
            problem.description
                == "r.csv:2:5: row has 100002 fields but the header has 2; quote fields that "
                + "contain commas")

        // Before a header there is no count to compare with; 10,000 fields is the limit.
        let headerless = try CSVReader(path: path, displayName: "r.csv")
        _ = try headerless.readRecord()
        let second = try textInputProblem { _ = try headerless.readRecord() }
        #expect(second.location == CRMEnv.SourceLocation(file: "r.csv", line: 2, column: 10_003))
        #expect(
            second.message == "row has 100002 fields, more than the 10000 a CSV export can have")
    }

    @Test func duplicateHeaderNamesAreRefusedNamingBothColumns() throws {
        let reader = try CSVReader(
            path: TextFixtures.path("broken-duplicate-header.csv"), displayName: "dup.csv")
        let problem = try textInputProblem { _ = try reader.readHeader() }
        #expect(
            problem.description
                == "dup.csv:1:45: duplicate column name: column 5 'e-mail address' repeats "
                + "column 3 'E-mail Address' (names are compared ignoring case and spaces); "
                + "rename or remove one of the two columns")
    }

    @Test func emptyHeaderNamesAreAllowedButNotLookedUp() throws {
        let folder = try TextScratchFolder()
        let path = try folder.write("Name,,Phone,\nAnn,x,1,y\n", to: "e.csv")
        let reader = try CSVReader(path: path, displayName: "e.csv")
        let header = try reader.readHeader()
        #expect(header.names == ["Name", "", "Phone", ""])
        #expect(header.index(of: "") == nil)
        #expect(try reader.readRecord()?.fields == ["Ann", "x", "1", "y"])
    }

    @Test func aHeaderWithoutDataRowsIsRefusedWhenRowsAreNeeded() throws {
        let path = TextFixtures.path("header-only.csv")
        let lenient = try CSVReader(path: path, displayName: "h.csv")
        #expect(try lenient.readHeader().names == ["First Name", "Last Name", "E-mail Address"])
        #expect(try lenient.readRecord() == nil)

        let strict = try CSVReader(path: path, displayName: "h.csv")
        let problem = try textInputProblem { _ = try strict.readHeader(requiringDataRows: true) }
        #expect(problem.location == CRMEnv.SourceLocation(file: "h.csv", line: 1))
        #expect(problem.message == "the file has a header row but no data rows")
    }

    @Test func requiringDataRowsKeepsTheFirstRowForReading() throws {
        let folder = try TextScratchFolder()
        let path = try folder.write("a,b\n1,2\n3,4\n", to: "r.csv")
        let reader = try CSVReader(path: path, displayName: "r.csv")
        _ = try reader.readHeader(requiringDataRows: true)
        #expect(try readAllCSVRecords(reader).map(\.fields) == [["1", "2"], ["3", "4"]])
    }

    @Test func anEmptyFileOrOneOfBlankLinesHasNoHeader() throws {
        let folder = try TextScratchFolder()
        let empty = try folder.write([], to: "empty.csv")
        let problem = try textInputProblem {
            _ = try CSVReader(path: empty, displayName: "empty.csv")
        }
        #expect(
            problem.description
                == "empty.csv:1: the file is empty; export it again with a header row")

        let blank = try folder.write("\r\n\r\n", to: "blank.csv")
        let reader = try CSVReader(path: blank, displayName: "blank.csv")
        let blankProblem = try textInputProblem { _ = try reader.readHeader() }
        #expect(blankProblem.message == "the file has no header row (it holds only blank lines)")
    }

    @Test func aNULCharacterInDecodedTextIsRefused() throws {
        let folder = try TextScratchFolder()
        // UTF-16 passes detection by its BOM; the NUL shows up in the decoded text.
        let path = try folder.write(
            .utf16("Name,Notes\nAnn,ab\u{0}c\n", littleEndian: true), to: "n.csv")
        let reader = try CSVReader(path: path, displayName: "n.csv")
        _ = try reader.readHeader()
        let problem = try textInputProblem { _ = try reader.readRecord() }
        #expect(problem.location == CRMEnv.SourceLocation(file: "n.csv", line: 2, column: 7))
        #expect(problem.message == "the text contains a NUL character (U+0000)")

        let quoted = try folder.write(
            .utf16("Name\n\"a\nb\u{0}\"\n", littleEndian: false), to: "q.csv")
        let quotedReader = try CSVReader(path: quoted, displayName: "q.csv")
        _ = try quotedReader.readHeader()
        let quotedProblem = try textInputProblem { _ = try quotedReader.readRecord() }
        #expect(quotedProblem.location == CRMEnv.SourceLocation(file: "q.csv", line: 3, column: 2))
    }

    // MARK: - Limits

    @Test func aTenMegabyteFieldIsRefusedAtItsStartWithoutBufferingIt() throws {
        let folder = try TextScratchFolder()
        let big = [UInt8](repeating: 0x78, count: 10 * 1024 * 1024)
        let quoted = try folder.write(
            Array("Name,Notes\r\nAnn,\"".utf8) + big + [0x0A], to: "q.csv")
        let bare = try folder.write(
            Array("Name,Notes\nBob,Lee\nAnn,".utf8) + big + [0x0A], to: "b.csv")
        for (path, line, column) in [(quoted, 2, 5), (bare, 3, 5)] {
            let clock = ContinuousClock()
            let start = clock.now
            let reader = try CSVReader(path: path, displayName: "big.csv")
            _ = try reader.readHeader()
            let problem = try textInputProblem {
                while try reader.readRecord() != nil {}
            }
            let elapsed = clock.now - start
            #expect(
                problem.location
                    == CRMEnv.SourceLocation(file: "big.csv", line: line, column: column))
            #expect(
                problem.description
                    == "big.csv:\(line):\(column): field longer than 1 MB (1,048,576 bytes) starts "
                    + "here; is a quote missing? close the quoted field where it should end")
            // It stopped at the limit: the window never grew past twice the limit.
            #expect(reader.bufferHighWaterMark <= 2 * CSVReader.maximumFieldLength)
            #expect(elapsed < .seconds(10))
        }
    }

    @Test func aFieldOfExactlyTheLimitIsAccepted() throws {
        let folder = try TextScratchFolder()
        let field = [UInt8](repeating: 0x79, count: CSVReader.maximumFieldLength)
        let path = try folder.write(
            Array("Notes\n\"".utf8) + field + Array("\"\nend\n".utf8), to: "l.csv")
        let reader = try CSVReader(path: path, displayName: "l.csv")
        _ = try reader.readHeader()
        #expect(try reader.readRecord()?.fields.first?.utf8.count == CSVReader.maximumFieldLength)
        #expect(try reader.readRecord()?.fields == ["end"])
    }

    /// Memory does not grow with the file: a 20 MB file goes through the same 128 KiB window
    /// (twice the 64 KiB read size) as a small one.
    @Test func aLargeFileIsReadThroughABoundedWindow() throws {
        let folder = try TextScratchFolder()
        let row =
            "\"Lastname, Firstname\",first.last@example.com,+1 555 0100,\"Note with\r\na line break\",Zoë\r\n"
        var rows = ""
        for _ in 0..<1000 {
            rows += row
        }
        let block = Array(rows.utf8)
        let url = folder.url.appendingPathComponent("large.csv")
        try Data("Name,E-mail,Phone,Notes,Other\r\n".utf8).write(to: url)
        let handle = try FileHandle(forWritingTo: url)
        var written = 0
        while written < 20_000_000 {
            try handle.seekToEnd()
            handle.write(Data(block))
            written += block.count
        }
        try handle.close()

        let reader = try CSVReader(path: url.path, displayName: "large.csv")
        _ = try reader.readHeader()
        var count = 0
        var last: CSVRecord?
        while let record = try reader.readRecord() {
            count += 1
            last = record
        }
        #expect(count == written / block.count * 1000)
        #expect(
            last?.fields == [
                "Lastname, Firstname", "first.last@example.com", "+1 555 0100",
                "Note with\na line break", "Zoë",
            ])
        #expect(last?.line == 2 * count)
        #expect(reader.bufferHighWaterMark == 2 * TextFileDecoder.chunkSize)
    }

    @Test func onlyTheKeptColumnsAreRead() throws {
        let folder = TemporaryDirectory("keep")
        let path = try folder.write("a,b,c,d\n1,2,3,4\n\"x, y\",,z,\"w\"\n", to: "keep.csv")
        let reader = try CSVReader(path: path, displayName: "keep.csv")
        _ = try reader.readHeader()
        reader.keepOnly(columns: [0, 2])
        #expect(try reader.readRecord()?.fields == ["1", "", "3", ""])
        let second = try #require(try reader.readRecord())
        #expect(second.fields == ["x, y", "", "z", ""])
        #expect(second.columns == [1, 8, 9, 11])
    }

}
