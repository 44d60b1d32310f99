import Foundation
import Testing

@testable import CRMEnv

#if canImport(Glibc)
    import Glibc
#endif

@Suite struct GzipTests {
    // MARK: Round trips

    @Test(arguments: [1, 2])
    func emptyInputRoundTrips(threads: Int) throws {
        try withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("empty.gz").path
            let summary = try compress([], to: path, threads: threads)
            #expect(summary == GzipSummary(uncompressedSize: 0, compressedSize: 20, crc32: 0))
            #expect(try readFile(path).count == 20)
            #expect(try systemGunzip(path) == [])
            #expect(try inflate(path, expectedSize: 0) == [])
        }
    }

    @Test(arguments: [1, 2])
    func oneByteRoundTrips(threads: Int) throws {
        try withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("one.gz").path
            let summary = try compress([0x41], to: path, threads: threads)
            #expect(summary.uncompressedSize == 1)
            #expect(summary.crc32 == 0xd3d9_9e8b)  // CRC-32 of "A"
            #expect(try systemGunzip(path) == [0x41])
            #expect(try inflate(path, expectedSize: 1) == [0x41])
        }
    }

    @Test(arguments: [(1, 1), (1, 4), (2, 1), (2, 4)])
    func exactMultiplesOfTheBlockSizeRoundTrip(threads: Int, blocks: Int) throws {
        try withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("exact.gz").path
            let blockSize = 64 * 1024
            let data = sampleData(count: blocks * blockSize, seed: 7)
            let summary = try compress(
                data, to: path, threads: threads, blockSize: blockSize, chunk: blockSize)
            try expectSummary(summary, of: data, path: path)
            #expect(try systemGunzip(path) == data)
            #expect(try inflate(path, expectedSize: Int64(data.count)) == data)
        }
    }

    @Test(arguments: [1, 2, 3])
    func severalBlocksWrittenInOddChunksRoundTrip(threads: Int) throws {
        try withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("blocks.gz").path
            let data = sampleData(count: 3_000_001, seed: 1)
            let summary = try compress(
                data, to: path, threads: threads, blockSize: 128 * 1024, chunk: 7919)
            try expectSummary(summary, of: data, path: path)
            #expect(try systemGunzip(path) == data)
            #expect(try inflate(path, expectedSize: nil, bufferSize: 4099) == data)
            #expect(try inflate(path, expectedSize: Int64(data.count)) == data)
        }
    }

    @Test func blocksSmallerThanTheWindowRoundTrip() throws {
        try withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("tiny.gz").path
            let data = sampleData(count: 200_000, seed: 3)
            let summary = try compress(data, to: path, threads: 2, blockSize: 1000, chunk: 333)
            try expectSummary(summary, of: data, path: path)
            #expect(try systemGunzip(path) == data)
            #expect(try inflate(path, expectedSize: nil) == data)
        }
    }

    @Test func outputDoesNotDependOnTheThreadCount() throws {
        try withTemporaryDirectory { directory in
            let data = sampleData(count: 1_000_000, seed: 5)
            var outputs: [[UInt8]] = []
            for threads in [1, 2, 4] {
                let path = directory.appendingPathComponent("t\(threads).gz").path
                _ = try compress(data, to: path, threads: threads, blockSize: 100_000)
                outputs.append(try readFile(path))
            }
            #expect(outputs[0] == outputs[1])
            #expect(outputs[0] == outputs[2])
        }
    }

    @Test func dictionariesKeepTheRatioCloseToOneStream() throws {
        try withTemporaryDirectory { directory in
            let data = sampleData(count: 2_000_000, seed: 11)
            let single = directory.appendingPathComponent("single.gz").path
            let blocks = directory.appendingPathComponent("blocks.gz").path
            let oneStream = try compress(data, to: single, threads: 1, blockSize: 4 << 20)
            let parallel = try compress(data, to: blocks, threads: 2, blockSize: 64 * 1024)
            // 31 blocks primed with the previous 32 KiB lose almost nothing; without the
            // dictionaries each block would start cold.
            #expect(Double(parallel.compressedSize) < Double(oneStream.compressedSize) * 1.01)
            #expect(parallel.crc32 == oneStream.crc32)
        }
    }

    @Test func readsWhatTheSystemGzipWrites() throws {
        try withTemporaryDirectory { directory in
            let data = sampleData(count: 500_000, seed: 2)
            let plain = directory.appendingPathComponent("contacts.txt")
            try Data(data).write(to: plain)
            // gzip stores the file name (FNAME) when compressing a file.
            try run("/bin/gzip", ["-6", "-k", plain.path])
            let path = plain.path + ".gz"
            #expect(try readFile(path)[3] & 0x08 != 0)
            #expect(try inflate(path, expectedSize: Int64(data.count)) == data)
        }
    }

    @Test func skipsOptionalHeaderFields() throws {
        try withTemporaryDirectory { directory in
            let data = sampleData(count: 10_000, seed: 4)
            let path = directory.appendingPathComponent("fields.gz").path
            _ = try compress(data, to: path, threads: 1)
            let original = try readFile(path)
            // FHCRC, FEXTRA, FNAME and FCOMMENT, in the order RFC 1952 puts them.
            var header: [UInt8] = [0x1f, 0x8b, 8, 0x02 | 0x04 | 0x08 | 0x10, 1, 2, 3, 4, 0, 3]
            header += [5, 0, 0x41, 0x42, 3, 0, 0x43]
            header += Array("contacts.sqlite".utf8) + [0]
            header += Array("a comment".utf8) + [0]
            let headerCRC = header.withUnsafeBytes { CRC32.update(0, $0) }
            header += [UInt8(headerCRC & 0xff), UInt8((headerCRC >> 8) & 0xff)]
            try writeFile(path, header + original[10...])
            #expect(try inflate(path, expectedSize: Int64(data.count)) == data)
            #expect(try systemGunzip(path) == data)

            var badCRC = header + original[10...]
            badCRC[header.count - 1] ^= 0xff
            try writeFile(path, badCRC)
            #expect(throws: GzipError.corrupt("the header checksum does not match the header")) {
                try inflate(path, expectedSize: nil)
            }
        }
    }

    @Test func summaryAndReaderAgreeWithOneShotCRC() throws {
        try withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("crc.gz").path
            let data = sampleData(count: 777_777, seed: 9)
            let summary = try compress(data, to: path, threads: 2, blockSize: 100_000)
            let oneShot = data.withUnsafeBytes { CRC32.update(0, $0) }
            #expect(summary.crc32 == oneShot)
            let bytes = try readFile(path)
            #expect(littleEndian(bytes, at: bytes.count - 8) == oneShot)
            #expect(littleEndian(bytes, at: bytes.count - 4) == UInt32(data.count))

            let fd = open(path, O_RDONLY)
            defer { close(fd) }
            let reader = try GzipReader(fileDescriptor: fd, expectedSize: nil)
            var buffer = [UInt8](repeating: 0, count: 65536)
            while try buffer.withUnsafeMutableBytes({ try reader.read(into: $0) }) > 0 {}
            #expect(reader.crc32 == oneShot)
            #expect(reader.bytesOut == Int64(data.count))
        }
    }

    // MARK: Damaged files

    @Test func truncatedFilesAreReportedAsTruncated() throws {
        try withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("cut.gz").path
            let data = sampleData(count: 300_000, seed: 6)
            _ = try compress(data, to: path, threads: 2, blockSize: 64 * 1024)
            let bytes = try readFile(path)
            // Empty, inside the header, inside the data, inside the trailer.
            for length in [0, 1, 5, bytes.count / 2, bytes.count - 8, bytes.count - 3] {
                try writeFile(path, Array(bytes[0..<length]))
                #expect(throws: GzipError.truncated, "cut at \(length)") {
                    try inflate(path, expectedSize: nil)
                }
            }
        }
    }

    @Test func aFlippedByteInTheDataIsCaught() throws {
        try withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("flip.gz").path
            let data = sampleData(count: 300_000, seed: 8)
            _ = try compress(data, to: path, threads: 2, blockSize: 64 * 1024)
            let bytes = try readFile(path)
            for offset in [10, 11, 100, bytes.count / 3, bytes.count / 2, bytes.count - 20] {
                var damaged = bytes
                damaged[offset] ^= 0x5a
                try writeFile(path, damaged)
                let error = #expect(throws: GzipError.self, "flipped at \(offset)") {
                    try inflate(path, expectedSize: nil)
                }
                switch error {
                case .corrupt(let message)?:
                    #expect(!message.isEmpty)
                case .checksumMismatch(let expected, let actual)?:
                    #expect(expected != actual)
                case .sizeMismatch?, .truncated?:
                    // A flip can also make the data end early or late; still caught.
                    break
                default:
                    Issue.record("unexpected \(String(describing: error)) at \(offset)")
                }
            }
        }
    }

    @Test func aFlippedTrailerChecksumIsAChecksumMismatch() throws {
        try withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("crc.gz").path
            let data = sampleData(count: 100_000, seed: 10)
            let summary = try compress(data, to: path, threads: 2)
            var bytes = try readFile(path)
            bytes[bytes.count - 8] ^= 0x01
            try writeFile(path, bytes)
            #expect(
                throws: GzipError.checksumMismatch(
                    expected: summary.crc32 ^ 0x01, actual: summary.crc32)
            ) {
                try inflate(path, expectedSize: nil)
            }
        }
    }

    @Test func aWrongTrailerSizeIsASizeMismatch() throws {
        try withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("size.gz").path
            let data = sampleData(count: 100_000, seed: 12)
            _ = try compress(data, to: path, threads: 1)
            var bytes = try readFile(path)
            bytes[bytes.count - 4] ^= 0x01
            try writeFile(path, bytes)
            #expect(
                throws: GzipError.sizeMismatch(
                    expected: Int64(data.count ^ 0x01), actual: Int64(data.count))
            ) {
                try inflate(path, expectedSize: nil)
            }
        }
    }

    @Test func zlibsMessageNamesTheDamage() throws {
        try withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("type.gz").path
            // A final block of type 3, which deflate does not define.
            try writeFile(path, [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0x07, 0, 0, 0, 0])
            #expect(throws: GzipError.corrupt("invalid block type")) {
                try inflate(path, expectedSize: nil)
            }
        }
    }

    @Test func lessDataThanExpectedIsASizeMismatch() throws {
        try withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("short.gz").path
            let data = sampleData(count: 5000, seed: 13)
            _ = try compress(data, to: path, threads: 1)
            #expect(throws: GzipError.sizeMismatch(expected: 5001, actual: 5000)) {
                try inflate(path, expectedSize: 5001)
            }
        }
    }

    @Test func aFileWithoutTheMagicIsNotGzip() throws {
        try withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("text.gz").path
            try writeFile(path, Array("SQLite format 3\0 and more".utf8))
            #expect(throws: GzipError.notGzip) { try inflate(path, expectedSize: nil) }

            _ = try compress(sampleData(count: 1000, seed: 1), to: path, threads: 1)
            var bytes = try readFile(path)
            bytes[1] = 0x8c
            try writeFile(path, bytes)
            #expect(throws: GzipError.notGzip) { try inflate(path, expectedSize: nil) }
        }
    }

    @Test func dataAfterTheTrailerIsRejected() throws {
        try withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("trailing.gz").path
            let data = sampleData(count: 1000, seed: 1)
            _ = try compress(data, to: path, threads: 1)
            let member = try readFile(path)
            let expected = GzipError.corrupt("unexpected data after the end of the gzip stream")
            for tail in [[0], member] {
                try writeFile(path, member + tail)
                #expect(throws: expected) { try inflate(path, expectedSize: nil) }
            }
        }
    }

    @Test func aGzipBombStopsAtTheExpectedSize() throws {
        try withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("bomb.gz").path
            let zeros = [UInt8](repeating: 0, count: 1 << 20)
            let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            try #require(fd >= 0)
            let writer = try GzipWriter(fileDescriptor: fd, level: 9, threads: 2)
            for _ in 0..<200 {
                try zeros.withUnsafeBytes { try writer.write($0) }
            }
            let summary = try writer.finish()
            close(fd)
            #expect(summary.uncompressedSize == 200 << 20)
            #expect(summary.compressedSize < 400_000)

            let limit: Int64 = 1 << 20
            let input = open(path, O_RDONLY)
            defer { close(input) }
            let reader = try GzipReader(fileDescriptor: input, expectedSize: limit)
            var buffer = [UInt8](repeating: 0, count: 256 * 1024)
            var delivered: Int64 = 0
            #expect(throws: GzipError.tooLarge(limit: limit)) {
                while true {
                    let count = try buffer.withUnsafeMutableBytes { try reader.read(into: $0) }
                    if count == 0 { break }
                    delivered += Int64(count)
                }
            }
            // It stopped one byte past the limit, having read a fraction of the file.
            #expect(delivered <= limit)
            #expect(reader.bytesOut == limit + 1)
            #expect(lseek(input, 0, SEEK_CUR) <= 64 * 1024)
            #expect(throws: GzipError.tooLarge(limit: limit)) {
                _ = try buffer.withUnsafeMutableBytes { try reader.read(into: $0) }
            }
        }
    }

    // MARK: Write failures and misuse

    @Test(arguments: [1, 2])
    func aFullDiskFailsWithWriteFailed(threads: Int) throws {
        let fd = open("/dev/full", O_WRONLY)
        try #require(fd >= 0)
        defer { close(fd) }
        let writer = try GzipWriter(
            fileDescriptor: fd, level: 1, threads: threads, blockSize: 64 * 1024)
        let data = sampleData(count: 4_000_000, seed: 14)
        let expected = GzipError.writeFailed(errno: ENOSPC, message: "No space left on device")
        #expect(throws: expected) {
            try data.withUnsafeBytes { bytes in
                for start in stride(from: 0, to: bytes.count, by: 100_000) {
                    let end = min(start + 100_000, bytes.count)
                    try writer.write(UnsafeRawBufferPointer(rebasing: bytes[start..<end]))
                }
            }
            _ = try writer.finish()
        }
        #expect(writer.runningWorkerCount == 0)
        #expect(throws: expected) { try [1, 2, 3].withUnsafeBytes { try writer.write($0) } }
        #expect(throws: expected) { try writer.finish() }
        #expect(expected.description.hasPrefix("cannot write the compressed data: no space left"))
    }

    @Test func aClosedDescriptorFailsWithWriteFailedAtFinish() throws {
        let writer = try GzipWriter(fileDescriptor: -1, level: 6, threads: 2)
        try [UInt8](repeating: 7, count: 1000).withUnsafeBytes { try writer.write($0) }
        #expect(throws: GzipError.writeFailed(errno: EBADF, message: "Bad file descriptor")) {
            try writer.finish()
        }
        #expect(writer.runningWorkerCount == 0)
    }

    @Test func finishingTwiceIsRefused() throws {
        try withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("twice.gz").path
            let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            try #require(fd >= 0)
            defer { close(fd) }
            let writer = try GzipWriter(fileDescriptor: fd, level: 6, threads: 2)
            _ = try writer.finish()
            #expect(writer.runningWorkerCount == 0)
            #expect(throws: GzipError.alreadyFinished) { try writer.finish() }
            #expect(throws: GzipError.alreadyFinished) {
                try [1].withUnsafeBytes { try writer.write($0) }
            }
            #expect(try systemGunzip(path) == [])
        }
    }

    @Test func droppingAnUnfinishedWriterStopsItsThreads() throws {
        let fd = open("/dev/null", O_WRONLY)
        try #require(fd >= 0)
        defer { close(fd) }
        var writer: GzipWriter? = try GzipWriter(
            fileDescriptor: fd, level: 6, threads: 2, blockSize: 32 * 1024)
        try sampleData(count: 200_000, seed: 1).withUnsafeBytes { try writer?.write($0) }
        let workers = try #require(writer?.workers)
        #expect(workers.runningWorkerCount == 2)
        writer = nil
        #expect(workers.runningWorkerCount == 0)
    }

    @Test func parametersOutOfRangeAreRejected() {
        #expect(throws: GzipError.invalidArgument("level 10 is not between 0 and 9")) {
            try GzipWriter(fileDescriptor: 1, level: 10)
        }
        #expect(throws: GzipError.invalidArgument("0 threads is not between 1 and 256")) {
            try GzipWriter(fileDescriptor: 1, level: 6, threads: 0)
        }
        #expect(throws: GzipError.invalidArgument("block size 0 is not between 1 and 1 GiB")) {
            try GzipWriter(fileDescriptor: 1, level: 6, blockSize: 0)
        }
    }

    @Test func descriptionsAreOneLowercaseLine() {
        let errors: [GzipError] = [
            .notGzip, .truncated, .corrupt("invalid distance too far back"),
            .checksumMismatch(expected: 0xdead_beef, actual: 0x1),
            .sizeMismatch(expected: 2, actual: 1),
            .tooLarge(limit: 1024), .writeFailed(errno: ENOSPC, message: "No space left on device"),
            .readFailed(errno: EIO, message: "Input/output error"), .compressionFailed("x"),
            .invalidArgument("y"), .alreadyFinished,
        ]
        for error in errors {
            let text = error.description
            #expect(text.first?.isLowercase == true, "\(text)")
            #expect(!text.contains("\n"))
        }
        #expect(
            GzipError.checksumMismatch(expected: 0xdead_beef, actual: 0x1).description
                == "the data does not match its checksum (CRC-32 0xdeadbeef in the trailer, "
                + "0x00000001 computed); the file is corrupt")
        #expect(
            GzipError.corrupt("invalid block type").description
                == "the gzip stream is corrupt: invalid block type")
    }

    @Test func combinedCRCsEqualTheCRCOfTheWhole() {
        let data = sampleData(count: 10_000, seed: 15)
        data.withUnsafeBytes { bytes in
            let whole = CRC32.update(0, bytes)
            let first = CRC32.update(0, UnsafeRawBufferPointer(rebasing: bytes[0..<3000]))
            let second = CRC32.update(0, UnsafeRawBufferPointer(rebasing: bytes[3000...]))
            #expect(CRC32.combine(first, second, secondLength: 7000) == whole)
            #expect(CRC32.update(first, UnsafeRawBufferPointer(rebasing: bytes[3000...])) == whole)
        }
    }
}

// MARK: - Helpers

/// Runs `body` with a fresh temporary directory, removed afterwards.
private func withTemporaryDirectory(_ body: (URL) throws -> Void) throws {
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("GzipTests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    try body(directory)
}

/// Deterministic text that compresses about 3:1, like CRM rows: repeated words and numbers
/// that vary.
private func sampleData(count: Int, seed: UInt64) -> [UInt8] {
    let words = [
        "Smith", "Johnson", "Acme Logistics", "Main Street", "Springfield", "sales", "manager",
        "john.smith@example.com", "+1 (555) ", "Oak Avenue", "Berlin", "notes: call back",
    ].map { Array($0.utf8) }
    var state = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    func next() -> UInt64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return state >> 33
    }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(count + 64)
    while bytes.count < count {
        if next() % 3 == 0 {
            bytes += Array(String(next() % 100_000).utf8)
        } else {
            bytes += words[Int(next() % UInt64(words.count))]
        }
        bytes.append(next() % 8 == 0 ? 0x0a : 0x7c)
    }
    return Array(bytes[0..<count])
}

/// Compresses `data` to a new file at `path`, writing `chunk` bytes at a time.
private func compress(
    _ data: [UInt8], to path: String, threads: Int, blockSize: Int = 1 << 20,
    chunk: Int = 65536, level: Int32 = 6
) throws -> GzipSummary {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    try #require(fd >= 0)
    defer { close(fd) }
    let writer = try GzipWriter(
        fileDescriptor: fd, level: level, threads: threads, blockSize: blockSize)
    try data.withUnsafeBytes { bytes in
        for start in stride(from: 0, to: bytes.count, by: chunk) {
            let end = min(start + chunk, bytes.count)
            try writer.write(UnsafeRawBufferPointer(rebasing: bytes[start..<end]))
        }
    }
    let summary = try writer.finish()
    #expect(writer.runningWorkerCount == 0)
    return summary
}

/// Inflates the file at `path` with `GzipReader`, `bufferSize` bytes at a time.
@discardableResult
private func inflate(_ path: String, expectedSize: Int64?, bufferSize: Int = 65536) throws
    -> [UInt8]
{
    let fd = open(path, O_RDONLY)
    try #require(fd >= 0)
    defer { close(fd) }
    let reader = try GzipReader(fileDescriptor: fd, expectedSize: expectedSize)
    var output: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: bufferSize)
    while true {
        let count = try buffer.withUnsafeMutableBytes { try reader.read(into: $0) }
        if count == 0 {
            break
        }
        output += buffer[0..<count]
    }
    #expect(try buffer.withUnsafeMutableBytes { try reader.read(into: $0) } == 0)
    #expect(reader.bytesOut == Int64(output.count))
    return output
}

private func expectSummary(_ summary: GzipSummary, of data: [UInt8], path: String) throws {
    #expect(summary.uncompressedSize == Int64(data.count))
    #expect(summary.crc32 == data.withUnsafeBytes { CRC32.update(0, $0) })
    #expect(summary.compressedSize == Int64(try readFile(path).count))
}

/// What `gzip -dc` makes of the file.
private func systemGunzip(_ path: String) throws -> [UInt8] {
    let outputPath = path + ".out"
    try run("/bin/gzip", ["-dc", path], stdout: outputPath)
    defer { try? FileManager.default.removeItem(atPath: outputPath) }
    return try readFile(outputPath)
}

private func run(_ executable: String, _ arguments: [String], stdout: String? = nil) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    var output: FileHandle?
    if let stdout {
        try #require(FileManager.default.createFile(atPath: stdout, contents: nil))
        output = try FileHandle(forWritingTo: URL(fileURLWithPath: stdout))
        process.standardOutput = output
    }
    try process.run()
    process.waitUntilExit()
    try output?.close()
    #expect(process.terminationStatus == 0, "\(executable) \(arguments)")
}

private func readFile(_ path: String) throws -> [UInt8] {
    Array(try Data(contentsOf: URL(fileURLWithPath: path)))
}

private func writeFile(_ path: String, _ bytes: [UInt8]) throws {
    try Data(bytes).write(to: URL(fileURLWithPath: path))
}

private func littleEndian(_ bytes: [UInt8], at offset: Int) -> UInt32 {
    (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[offset + $1]) << (8 * $1) }
}
