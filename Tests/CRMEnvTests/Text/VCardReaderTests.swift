import Foundation
import Testing

@testable import CRMEnv

@Suite struct VCardReaderTests {
    private func cards(_ fixture: String) throws -> [VCard] {
        try readAllVCards(VCardReader(path: TextFixtures.path(fixture), displayName: fixture))
    }

    // MARK: - Real exports

    @Test func readsAnIPhoneExport() throws {
        let cards = try cards("iphone.vcf")
        try #require(cards.count == 2)
        let johnny = cards[0]
        #expect(johnny.line == 1)
        #expect(johnny.version == "3.0")
        #expect(johnny.formattedName == "Dr. Johnny Q. Appleseed Jr.")
        #expect(
            johnny.name
                == VCard.Name(
                    family: "Appleseed", given: "Johnny", additional: "Q.", prefix: "Dr.",
                    suffix: "Jr."))
        #expect(johnny.organization == "Apple Inc.")
        #expect(johnny.department == "Retail, Europe")
        #expect(johnny.title == "Genius")
        // The preferred address comes first; item1.EMAIL is read, item1.X-ABLabel ignored.
        #expect(
            johnny.emails == [
                VCard.Email(
                    address: "johnny@icloud.example", types: ["internet", "home"], isPreferred: true
                ),
                VCard.Email(address: "jappleseed@apple.example", types: ["internet", "work"]),
                VCard.Email(address: "johnny.other@example.com", types: ["internet"]),
            ])
        #expect(
            johnny.phones == [
                VCard.Phone(
                    number: "+1 (408) 555-0123", types: ["cell", "voice"], isPreferred: true),
                VCard.Phone(number: "+1 (408) 555-0100", types: ["work", "voice"]),
                VCard.Phone(number: "+1 (408) 555-0111", types: ["home", "fax"]),
            ])
        #expect(
            johnny.addresses == [
                VCard.Address(
                    street: "1 Apple Park Way\nBuilding 4", locality: "Cupertino", region: "CA",
                    postalCode: "95014", country: "United States", types: ["work"],
                    isPreferred: true)
            ])
        // Folded over three lines, with \, \; \n and \\ escapes.
        #expect(
            johnny.note
                == "Met at WWDC, June 2023.\nLikes: hiking; coffee. Backslash stays: "
                + "C:\\Users\\johnny. This note is long enough that the iPhone folds it over "
                + "several lines.")
        #expect(johnny.hasName)

        // A company card: no name, no e-mail. The reader reads it; the importer decides.
        let pizza = cards[1]
        #expect(pizza.line == 39)
        #expect(pizza.formattedName == nil)
        #expect(pizza.name == nil)
        #expect(!pizza.hasName)
        #expect(pizza.emails.isEmpty)
        #expect(pizza.organization == "Pizza Express")
        #expect(pizza.department == nil)
        #expect(
            pizza.phones == [
                VCard.Phone(number: "020 7946 0000", types: ["work"], isPreferred: true)
            ])
    }

    @Test func readsAnAndroidExportWithQuotedPrintable() throws {
        let cards = try cards("android.vcf")
        try #require(cards.count == 2)
        let joerg = cards[0]
        #expect(joerg.version == "2.1")
        #expect(joerg.formattedName == "Jörg Müller")
        #expect(joerg.name == VCard.Name(family: "Müller", given: "Jörg"))
        #expect(
            joerg.phones == [
                VCard.Phone(number: "+49 171 2345678", types: ["cell"], isPreferred: true),
                VCard.Phone(number: "+49 30 987654", types: ["home"]),
            ])
        #expect(joerg.emails == [VCard.Email(address: "joerg@example.de", types: ["home"])])
        // A soft line break inside a structured value, and =0A as a line break.
        #expect(
            joerg.addresses == [
                VCard.Address(
                    street: "Straße des 17. Juni 1\nHinterhaus", locality: "Berlin",
                    postalCode: "10623", country: "Deutschland", types: ["home"])
            ])
        #expect(
            joerg.note
                == "Kennt uns über die Messe.\nMag grünen Tee – kein Kaffee.\n"
                + "Tel. nur vormittags = bis 12 Uhr.")
        // The base64 PHOTO and its closing blank line are skipped; so is X-ANDROID-CUSTOM.
        let yuki = cards[1]
        #expect(yuki.line == 18)
        #expect(yuki.formattedName == "Yuki Nakamura")
        #expect(yuki.organization == "Example K.K.")
        #expect(yuki.emails == [VCard.Email(address: "yuki.nakamura@example.jp", types: ["work"])])
    }

    @Test func readsAnOutlookExportWithWindowsCharsets() throws {
        let cards = try cards("outlook.vcf")
        try #require(cards.count == 1)
        let rene = cards[0]
        #expect(rene.name == VCard.Name(family: "Dupont", given: "René"))
        #expect(rene.formattedName == "Rene Dupont")
        #expect(rene.organization == "Fabrikam, Inc.")
        #expect(rene.department == "Marketing")
        #expect(rene.title == "Directeur")
        #expect(
            rene.emails == [
                VCard.Email(
                    address: "rene.dupont@fabrikam.example", types: ["internet"], isPreferred: true)
            ])
        #expect(
            rene.phones == [
                VCard.Phone(number: "+33 1 23 45 67 89", types: ["work", "voice"]),
                VCard.Phone(number: "+33 1 23 45 67 00", types: ["work", "fax"]),
            ])
        #expect(
            rene.addresses == [
                VCard.Address(
                    street: "12 rue de la Paix", locality: "Paris", postalCode: "75002",
                    country: "France", types: ["work"], isPreferred: true)
            ])
        // CHARSET=Windows-1252: =E9 is "é" and =96 is an en dash.
        #expect(rene.note == "Préfère le café – pas de thé.")
    }

    @Test func readsAGoogleContactsExport() throws {
        let cards = try cards("google.vcf")
        #expect(
            cards == [
                VCard(
                    line: 1, version: "3.0", formattedName: "Priya Sharma",
                    name: VCard.Name(family: "Sharma", given: "Priya"),
                    organization: "Example Pvt. Ltd.", title: "Product Manager",
                    emails: [
                        VCard.Email(
                            address: "priya.sharma@example.in", types: ["internet", "work"]),
                        VCard.Email(address: "priya@gmail.example", types: ["internet"]),
                    ],
                    phones: [VCard.Phone(number: "+91 98765 43210", types: ["cell"])],
                    addresses: [
                        VCard.Address(
                            street: "221B MG Road", locality: "Bengaluru", region: "Karnataka",
                            postalCode: "560001", country: "India", types: ["home"])
                    ])
            ])
    }

    @Test func readsVCard4() throws {
        let cards = try cards("v4.vcf")
        try #require(cards.count == 1)
        let simon = cards[0]
        #expect(simon.version == "4.0")
        #expect(
            simon.name == VCard.Name(family: "Perreault", given: "Simon", suffix: "ing. jr,M.Sc."))
        // PREF=1 puts the home address first.
        #expect(
            simon.emails == [
                VCard.Email(address: "simon@home.example", types: ["home"], isPreferred: true),
                VCard.Email(address: "simon.perreault@viagenie.example", types: ["work"]),
            ])
        // VALUE=uri numbers lose "tel:"; quoted TYPE lists are split.
        #expect(
            simon.phones == [
                VCard.Phone(
                    number: "+1-418-656-9254;ext=102", types: ["work", "voice"], isPreferred: true),
                VCard.Phone(
                    number: "+1-418-262-6501", types: ["work", "cell", "voice", "video", "text"]),
            ])
        // The quoted LABEL holds a colon: the value starts after the colon outside quotes.
        #expect(
            simon.addresses == [
                VCard.Address(
                    street: "2875 boul. Laurier, suite D2-630", locality: "Quebec", region: "QC",
                    postalCode: "G1V 2M2", country: "Canada", types: ["work"])
            ])
        #expect(simon.note == "Works on IPv6.")
    }

    // MARK: - Variants

    @Test func namesAndParametersAreCaseInsensitive() throws {
        let folder = try TextScratchFolder()
        let text = """
            begin:vcard
            version:3.0
            fn:Ann Lee
            Email;Type=Work,PREF:ann@example.com
            tel;type=MOBILE:+1 555 0100
            end:vcard

            """
        let path = try folder.write(text, to: "lower.vcf")
        let cards = try readAllVCards(VCardReader(path: path, displayName: "lower.vcf"))
        #expect(cards.count == 1)
        #expect(cards.first?.formattedName == "Ann Lee")
        #expect(
            cards.first?.emails == [
                VCard.Email(address: "ann@example.com", types: ["work"], isPreferred: true)
            ])
        #expect(cards.first?.phones == [VCard.Phone(number: "+1 555 0100", types: ["cell"])])
    }

    @Test func foldingKeepsTheSpaceInVCard21AndDropsItLater() throws {
        let folder = try TextScratchFolder()
        let text =
            "BEGIN:VCARD\r\nVERSION:2.1\r\nNOTE:one\r\n two\r\nEND:VCARD\r\n"
            + "BEGIN:VCARD\r\nVERSION:3.0\r\nNOTE:one\r\n two\r\n\tthree\r\nEND:VCARD\r\n"
        let path = try folder.write(text, to: "fold.vcf")
        let cards = try readAllVCards(VCardReader(path: path, displayName: "fold.vcf"))
        #expect(cards.map(\.note) == ["one two", "onetwothree"])
        #expect(cards.map(\.line) == [1, 6])
    }

    @Test func readsARawWindows1252File() throws {
        let folder = try TextScratchFolder()
        let text =
            "BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=Windows-1252:Müller;Zoë\r\nNOTE:Grüße – 5 €\r\nEND:VCARD\r\n"
        let path = try folder.write(.windows1252(text), to: "raw.vcf")
        let reader = try VCardReader(path: path, displayName: "raw.vcf")
        #expect(reader.encoding == .windows1252)
        let cards = try readAllVCards(reader)
        #expect(cards.first?.name == VCard.Name(family: "Müller", given: "Zoë"))
        #expect(cards.first?.note == "Grüße – 5 €")
    }

    @Test func quotedPrintableWithISO88591AndUndeclaredCharsets() throws {
        let folder = try TextScratchFolder()
        let text = """
            BEGIN:VCARD
            VERSION:2.1
            N;CHARSET=ISO-8859-1;QUOTED-PRINTABLE:Jos=E9;Mar=EDa
            FN;QUOTED-PRINTABLE:Jos=C3=A9 Mar=C3=ADa
            NOTE;ENCODING=QUOTED-PRINTABLE:caf=E9 =3D tea=
            =0D=0Anext line
            END:VCARD

            """
        let path = try folder.write(text, to: "qp.vcf")
        let card = try #require(
            try readAllVCards(VCardReader(path: path, displayName: "qp.vcf")).first)
        #expect(card.name == VCard.Name(family: "José", given: "María"))
        // No charset: UTF-8 when the bytes are UTF-8, Windows-1252 when they are not.
        #expect(card.formattedName == "José María")
        #expect(card.note == "café = tea\nnext line")
    }

    @Test func aStrayEqualsSignDoesNotSwallowEND() throws {
        let folder = try TextScratchFolder()
        let path = try folder.write(
            "BEGIN:VCARD\nVERSION:2.1\nNOTE;QUOTED-PRINTABLE:trailing=\nEND:VCARD\n", to: "eq.vcf")
        let cards = try readAllVCards(VCardReader(path: path, displayName: "eq.vcf"))
        #expect(cards.map(\.note) == ["trailing="])
    }

    @Test func readsOldMacCROnlyLineEnds() throws {
        let folder = try TextScratchFolder()
        let path = try folder.write(
            "BEGIN:VCARD\rVERSION:3.0\rFN:Ann\rEND:VCARD\rBEGIN:VCARD\rFN:Bob\rEND:VCARD\r",
            to: "mac.vcf")
        let cards = try readAllVCards(VCardReader(path: path, displayName: "mac.vcf"))
        #expect(cards.map(\.formattedName) == ["Ann", "Bob"])
        #expect(cards.map(\.line) == [1, 5])
    }

    @Test func readsUTF16WithByteOrderMark() throws {
        let folder = try TextScratchFolder()
        let text =
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Łukasz 🙂\r\nEMAIL:l@example.pl\r\nEND:VCARD\r\n"
        let path = try folder.write(.utf16(text, littleEndian: true), to: "u.vcf")
        let reader = try VCardReader(path: path, displayName: "u.vcf")
        #expect(reader.encoding == .utf16LE)
        let cards = try readAllVCards(reader)
        #expect(cards.first?.formattedName == "Łukasz 🙂")
        #expect(cards.first?.emails.map(\.address) == ["l@example.pl"])
    }

    @Test func hugePhotosAreSkippedWithoutKeepingThem() throws {
        let folder = try TextScratchFolder()
        // 3 MB of folded base64, then a 4.0 data: URI of 2 MB on one line.
        let line = String(repeating: "QUJD", count: 18)
        var text =
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Big Photo\r\nPHOTO;ENCODING=b;TYPE=JPEG:" + line
            + "\r\n"
        let folded = " " + line + "\r\n"
        text += String(repeating: folded, count: 3_000_000 / folded.utf8.count)
        text += "PHOTO:data:image/jpeg;base64," + String(repeating: "QUJD", count: 500_000) + "\r\n"
        text += "EMAIL:big@example.com\r\nEND:VCARD\r\n"
        let path = try folder.write(text, to: "big.vcf")
        let reader = try VCardReader(path: path, displayName: "big.vcf")
        let cards = try readAllVCards(reader)
        #expect(cards.map(\.formattedName) == ["Big Photo"])
        #expect(cards.first?.emails.map(\.address) == ["big@example.com"])
        #expect(reader.bufferHighWaterMark == 2 * TextFileDecoder.chunkSize)
    }

    // MARK: - Errors

    @Test func aCardWithoutENDBeforeTheNextBEGINIsNamedByItsBEGINLine() throws {
        let reader = try VCardReader(
            path: TextFixtures.path("broken-no-end.vcf"), displayName: "contacts.vcf")
        #expect(try reader.next()?.formattedName == "First Person")
        let problem = try textInputProblem { _ = try reader.next() }
        #expect(
            problem.description
                == "contacts.vcf:6:1: card has no END:VCARD (the next BEGIN:VCARD, on line 10, "
                + "comes first); add END:VCARD as the card's last line")
    }

    @Test func aCardWithoutENDAtTheEndOfTheFileIsNamedByItsBEGINLine() throws {
        let reader = try VCardReader(
            path: TextFixtures.path("broken-no-end-eof.vcf"), displayName: "contacts.vcf")
        let problem = try textInputProblem { _ = try reader.next() }
        #expect(
            problem.description
                == "contacts.vcf:1:1: card has no END:VCARD (the file ends first); add END:VCARD "
                + "as the card's last line")
    }

    @Test func aPropertyOutsideACardIsRefused() throws {
        let reader = try VCardReader(
            path: TextFixtures.path("broken-outside.vcf"), displayName: "contacts.vcf")
        #expect(try reader.next()?.formattedName == "First Person")
        let problem = try textInputProblem { _ = try reader.next() }
        #expect(
            problem.description
                == "contacts.vcf:5:1: 'EMAIL' line is outside a card (there is no BEGIN:VCARD "
                + "before it); add BEGIN:VCARD above the card's first line, or remove the line")
    }

    @Test func aLineWithoutAColonIsRefused() throws {
        let reader = try VCardReader(
            path: TextFixtures.path("broken-no-colon.vcf"), displayName: "contacts.vcf")
        let problem = try textInputProblem { _ = try reader.next() }
        #expect(
            problem.description
                == "contacts.vcf:5:1: line has no ':' between a property name and its value; a "
                + "vCard line reads NAME:value; if it continues the line above, start it with a "
                + "space")
    }

    @Test func aCSVFileGivenAsVCardsAsksWhetherItIsOne() throws {
        let reader = try VCardReader(
            path: TextFixtures.path("outlook2016.csv"), displayName: "contacts.csv")
        let problem = try textInputProblem { _ = try reader.next() }
        #expect(problem.location == CRMEnv.SourceLocation(file: "contacts.csv", line: 1, column: 1))
        #expect(problem.fix?.hasSuffix("(is this a vCard file?)") == true)
    }

    @Test func anENDWithoutBEGINIsRefused() throws {
        let folder = try TextScratchFolder()
        let path = try folder.write("\r\nEND:VCARD\r\n", to: "end.vcf")
        let problem = try textInputProblem {
            _ = try VCardReader(path: path, displayName: "end.vcf").next()
        }
        #expect(problem.location == CRMEnv.SourceLocation(file: "end.vcf", line: 2, column: 1))
        #expect(problem.message == "'END:VCARD' without a BEGIN:VCARD before it")
    }

    @Test func aCalendarIsNotTakenForContacts() throws {
        let folder = try TextScratchFolder()
        let path = try folder.write("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n", to: "cal.ics")
        let problem = try textInputProblem {
            _ = try VCardReader(path: path, displayName: "cal.ics").next()
        }
        #expect(
            problem.description
                == "cal.ics:1:1: 'BEGIN:VCALENDAR' starts something other than a vCard; give a "
                + "vCard (.vcf) file of contacts")
    }

    @Test func anEmptyFileIsRefusedAndBlankLinesHoldNoCards() throws {
        let folder = try TextScratchFolder()
        let empty = try folder.write([], to: "empty.vcf")
        let problem = try textInputProblem {
            _ = try VCardReader(path: empty, displayName: "empty.vcf")
        }
        #expect(
            problem.description
                == "empty.vcf:1: the file is empty; export the contacts again as a vCard (.vcf) file"
        )
        let blank = try folder.write("\r\n  \r\n", to: "blank.vcf")
        #expect(try VCardReader(path: blank, displayName: "blank.vcf").next() == nil)
    }

    @Test func aValueLongerThanTheLimitIsRefused() throws {
        let folder = try TextScratchFolder()
        let note = String(repeating: "x", count: VCardReader.maximumValueLength + 10)
        let path = try folder.write(
            "BEGIN:VCARD\nVERSION:3.0\nNOTE:\(note)\nEND:VCARD\n", to: "n.vcf")
        let problem = try textInputProblem {
            _ = try VCardReader(path: path, displayName: "n.vcf").next()
        }
        #expect(problem.location == CRMEnv.SourceLocation(file: "n.vcf", line: 3, column: 1))
        #expect(problem.message == "the 'NOTE' value is longer than 1 MB (1,048,576 bytes)")
    }
}
