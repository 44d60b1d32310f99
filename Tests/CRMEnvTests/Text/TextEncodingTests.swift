import Foundation
import Testing

@testable import CRMEnv

@Suite struct TextEncodingTests {
    @Test func plainASCIIAndUTF8AreUTF8() throws {
        let folder = try TextScratchFolder()
        let ascii = try folder.write("Name,Email\nAnn,ann@example.com\n", to: "ascii.csv")
        let utf8 = try folder.write("Name\nZoë Müller – Straße\n", to: "utf8.csv")
        #expect(try TextEncoding.detect(path: ascii, displayName: "ascii.csv") == .utf8)
        #expect(try TextEncoding.detect(path: utf8, displayName: "utf8.csv") == .utf8)
        #expect(
            try TextEncoding.detect(
                path: TextFixtures.path("outlook2003.csv"), displayName: "outlook2003.csv")
                == .utf8)
    }

    @Test func byteOrderMarksDecide() throws {
        let folder = try TextScratchFolder()
        let utf8 = try folder.write([0xEF, 0xBB, 0xBF] + Array("Name\n".utf8), to: "a.csv")
        let little = try folder.write(.utf16("Name\n", littleEndian: true), to: "b.csv")
        let big = try folder.write(.utf16("Name\n", littleEndian: false), to: "c.csv")
        #expect(try TextEncoding.detect(path: utf8, displayName: "a.csv") == .utf8WithBOM)
        #expect(try TextEncoding.detect(path: little, displayName: "b.csv") == .utf16LE)
        #expect(try TextEncoding.detect(path: big, displayName: "c.csv") == .utf16BE)
    }

    @Test func aUTF8ByteOrderMarkBeforeOtherTextIsRefusedNotRepaired() throws {
        let folder = try TextScratchFolder()
        // A BOM, then Windows-1252 "Müller" (0xFC) on line 2.
        let bytes = [0xEF, 0xBB, 0xBF] + Array("Name\r\nM".utf8) + [0xFC] + Array("ller\r\n".utf8)
        let path = try folder.write(bytes, to: "a.csv")
        let problem = try textInputProblem {
            _ = try TextEncoding.detect(path: path, displayName: "a.csv")
        }
        #expect(
            problem.description
                == "a.csv:2:2: the file starts with a UTF-8 byte-order mark but is not UTF-8 "
                + "text (invalid byte 0xFC at line 2, column 2); save it as UTF-8")
        let nul = try folder.write([0xEF, 0xBB, 0xBF, 0x41, 0x00], to: "n.csv")
        let nulProblem = try textInputProblem {
            _ = try TextEncoding.detect(path: nul, displayName: "n.csv")
        }
        #expect(nulProblem.location == CRMEnv.SourceLocation(file: "n.csv", line: 1, column: 2))
    }

    @Test func textThatIsNotUTF8IsWindows1252() throws {
        let folder = try TextScratchFolder()
        let path = try folder.write(.windows1252("Name\nRené Müller’s Straße €\n"), to: "a.csv")
        #expect(try TextEncoding.detect(path: path, displayName: "a.csv") == .windows1252)
    }

    @Test func aUTF8SequenceSplitAcrossTheChunkSizeIsStillUTF8() throws {
        let folder = try TextScratchFolder()
        // "é" (C3 A9) straddles the 64 KiB boundary of the detection pass.
        let bytes =
            [UInt8](repeating: 0x61, count: TextFileDecoder.chunkSize - 1) + [0xC3, 0xA9, 0x0A]
        let path = try folder.write(bytes, to: "a.csv")
        #expect(try TextEncoding.detect(path: path, displayName: "a.csv") == .utf8)
    }

    @Test func bytesUndefinedInWindows1252AreRefusedWithTheirPosition() throws {
        let folder = try TextScratchFolder()
        // Line 2 is UTF-8 up to the stray 0x81 (an old DOS "ü"): columns count characters.
        let bytes = Array("Name,City\nJürgen,M".utf8) + [0x81] + Array("nchen\n".utf8)
        let path = try folder.write(bytes, to: "dos.csv")
        let problem = try textInputProblem {
            _ = try TextEncoding.detect(path: path, displayName: "dos.csv")
        }
        #expect(problem.location == CRMEnv.SourceLocation(file: "dos.csv", line: 2, column: 9))
        #expect(
            problem.description
                == "dos.csv:2:9: the file is neither UTF-8 nor Windows-1252 text (invalid byte "
                + "0x81 at line 2, column 9); save it as UTF-8")
    }

    @Test func theReportedByteIsWhereTheFileStopsBeingEither() throws {
        let folder = try TextScratchFolder()
        // Windows-1252 "é" (0xE9) breaks UTF-8 on line 1; the text goes on as Windows-1252
        // until 0x9D on line 3, where it stops being that too. Columns count bytes then.
        let bytes =
            [UInt8]([0x52, 0x65, 0x6E, 0xE9, 0x0D, 0x0A, 0x6F, 0x6B, 0x0D, 0x0A, 0xE9, 0xE9, 0x9D])
        let path = try folder.write(bytes, to: "mixed.csv")
        let problem = try textInputProblem {
            _ = try TextEncoding.detect(path: path, displayName: "mixed.csv")
        }
        #expect(problem.location == CRMEnv.SourceLocation(file: "mixed.csv", line: 3, column: 3))
        #expect(problem.message.contains("invalid byte 0x9D at line 3, column 3"))
    }

    @Test func aNULByteIsRefusedWithItsLineAndColumn() throws {
        let folder = try TextScratchFolder()
        let path = try folder.write(
            Array("Name\nAnn\nBo".utf8) + [0] + Array("b\n".utf8), to: "a.csv")
        let problem = try textInputProblem {
            _ = try TextEncoding.detect(path: path, displayName: "a.csv")
        }
        #expect(problem.location == CRMEnv.SourceLocation(file: "a.csv", line: 3, column: 3))
        #expect(
            problem.description
                == "a.csv:3:3: the file contains a NUL byte; this looks like a binary file or "
                + "UTF-16 without a byte-order mark; save it as UTF-8 or UTF-16 with BOM")
    }

    @Test func utf16WithoutAByteOrderMarkLooksBinary() throws {
        let folder = try TextScratchFolder()
        let bytes = Array([UInt8].utf16("Name\n", littleEndian: true).dropFirst(2))
        let path = try folder.write(bytes, to: "a.csv")
        let problem = try textInputProblem {
            _ = try TextEncoding.detect(path: path, displayName: "a.csv")
        }
        #expect(problem.location == CRMEnv.SourceLocation(file: "a.csv", line: 1, column: 2))
        #expect(problem.message.hasPrefix("the file contains a NUL byte"))
    }

    @Test func anEmptyFileOrABareByteOrderMarkIsRefused() throws {
        let folder = try TextScratchFolder()
        let empty = try folder.write([], to: "empty.csv")
        let bom = try folder.write([0xFF, 0xFE], to: "bom.csv")
        for (path, name) in [(empty, "empty.csv"), (bom, "bom.csv")] {
            let problem = try textInputProblem {
                _ = try TextEncoding.detect(path: path, displayName: name)
            }
            #expect(
                problem.description
                    == "\(name):1: the file is empty; export it again with a header row")
        }
        let decoderProblem = try textInputProblem {
            _ = try TextFileDecoder(path: bom, displayName: "bom.csv", encoding: .utf16LE)
        }
        #expect(decoderProblem.message == "the file is empty")
    }

    @Test func aMissingFileIsNamedAsTheUserGaveIt() throws {
        let folder = try TextScratchFolder()
        let path = folder.url.appendingPathComponent("nope.csv").path
        #expect(throws: CRMEnvError.fileNotFound(path: "nope.csv", purpose: "input file")) {
            _ = try TextEncoding.detect(path: path, displayName: "nope.csv")
        }
    }

    @Test func aFolderIsUnreadable() throws {
        let folder = try TextScratchFolder()
        let error = try #require(throws: CRMEnvError.self) {
            _ = try TextEncoding.detect(path: folder.url.path, displayName: "exports")
        }
        #expect(error.description == "cannot read 'exports': is a directory")
    }

    // MARK: - Decoding

    /// Decodes a whole file through `TextFileDecoder.nextChunk()`.
    private func decodeAll(_ path: String, _ encoding: TextEncoding) throws -> (String, Int) {
        let decoder = try TextFileDecoder(path: path, displayName: "a.txt", encoding: encoding)
        var text = ""
        var chunks = 0
        while let chunk = try decoder.nextChunk() {
            text += chunk
            chunks += 1
        }
        return (text, chunks)
    }

    @Test func windows1252BytesBecomeTheCharactersWindowsShows() throws {
        let folder = try TextScratchFolder()
        let path = try folder.write(
            [0x52, 0x65, 0x6E, 0xE9, 0x20, 0xFC, 0xDF, 0x20, 0x92, 0x80, 0x93, 0x96, 0x9F],
            to: "a.txt")
        let (text, _) = try decodeAll(path, .windows1252)
        #expect(text == "René üß ’€“–Ÿ")
    }

    @Test func utf16SurrogatePairsSplitAcrossChunksAreJoined() throws {
        let folder = try TextScratchFolder()
        // The BOM takes 2 bytes, so a pair starting at code unit 32 766 straddles the 64 KiB
        // read boundary: its high surrogate ends the first read, its low one starts the next.
        let filler = String(repeating: "a", count: TextFileDecoder.chunkSize / 2 - 2)
        let text = filler + "😀 Zoë 😀\n"
        for littleEndian in [true, false] {
            let path = try folder.write(
                .utf16(text, littleEndian: littleEndian), to: "u\(littleEndian).txt")
            let (decoded, chunks) = try decodeAll(path, littleEndian ? .utf16LE : .utf16BE)
            #expect(decoded == text)
            #expect(chunks >= 2)
        }
    }

    @Test func utf8SequencesSplitAcrossChunksAreKeptWhole() throws {
        let folder = try TextScratchFolder()
        // With the 3-byte BOM, "€" (E2 82 AC) straddles the 64 KiB read boundary.
        let text = String(repeating: "b", count: TextFileDecoder.chunkSize - 4) + "€uro ✓\n"
        let path = try folder.write([0xEF, 0xBB, 0xBF] + Array(text.utf8), to: "a.txt")
        let decoder = try TextFileDecoder(path: path, displayName: "a.txt", encoding: .utf8WithBOM)
        var chunks: [String] = []
        while let chunk = try decoder.nextChunk() {
            chunks.append(chunk)
        }
        #expect(chunks.joined() == text)
        // No chunk ends inside the euro sign: each one is valid UTF-8 on its own.
        #expect(chunks.count >= 2)
        #expect(chunks.allSatisfy { !$0.contains("\u{FFFD}") })
        #expect(chunks.first?.hasSuffix("b") == true)
    }

    @Test func unpairedSurrogatesAndOddBytesBecomeReplacementCharacters() throws {
        let folder = try TextScratchFolder()
        // "A", a lone low surrogate, "B", then one odd byte.
        let path = try folder.write(
            [0xFF, 0xFE, 0x41, 0x00, 0x00, 0xDC, 0x42, 0x00, 0x43], to: "a.txt")
        let (text, _) = try decodeAll(path, .utf16LE)
        #expect(text == "A\u{FFFD}B\u{FFFD}")
    }
}
