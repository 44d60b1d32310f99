import CZlib
import Foundation

/// Compresses a stream of bytes into one gzip member, on several threads.
///
/// The writer works like pigz: it cuts the input into blocks of `blockSize` bytes, and worker
/// threads compress the blocks side by side as raw deflate, each primed with the 32 KiB that
/// precede it (`deflateSetDictionary`), so the ratio stays within a fraction of a percent of a
/// single stream. Every block but the last ends with `Z_SYNC_FLUSH` and the last with
/// `Z_FINISH`, so the blocks, written in order, form one deflate stream; their CRC-32s are
/// joined with `crc32_combine`. The file is a standard gzip file (RFC 1952: 10-byte header with
/// no name and no timestamp, then the data, then CRC-32 and size): `gunzip` reads it.
///
/// The output depends only on the input, the level and the block size, not on the number of
/// threads. With `threads: 1` no thread is started: blocks are compressed on the caller's
/// thread.
///
/// Memory is bounded whatever the input size: at most `2 × threads` blocks are in flight, each
/// holding its input and its compressed form (about `4 × threads × blockSize` in all, plus
/// about 300 KB of zlib state per thread). `write(_:)` blocks while the pipeline is full.
///
/// The compressed bytes are written to the file descriptor by the thread that calls `write(_:)`
/// and `finish()`. The header goes out with the first block, so nothing is written before the
/// first block is compressed.
///
/// A writer is used from one thread at a time. After an error every later call throws, and the
/// worker threads have returned; the descriptor is left open (the caller owns it) with whatever
/// was written before the error, which is not a complete gzip file.
///
/// - warning: Without `finish()` the file is incomplete. Dropping the writer stops its threads
///   but writes nothing more.
///
/// See <https://www.rfc-editor.org/rfc/rfc1952> and <https://zlib.net/pigz/>.
public final class GzipWriter {
    /// The block size used when none is given: 1 MiB.
    ///
    /// Between 128 KiB and 4 MiB the block size changes neither speed nor ratio measurably
    /// (blocks are primed with the 32 KiB before them); 1 MiB keeps hand-overs between threads
    /// rare and the blocks in flight at about 8 MiB with two threads.
    public static let defaultBlockSize = 1 << 20

    /// The level used when none is given: 4, the fastest zlib level whose output stays within
    /// 5% of `gzip -6`.
    ///
    /// On a 259 MB database of 1,000,000 contacts, level 4 on two threads took 4.4 s where
    /// `gzip -6` took 14.0 s, for 2.8% more bytes; levels 1 to 3 use zlib's faster matcher and
    /// come out 8 to 15% larger, and level 6 takes half as long again as level 4 for 3.5% less.
    public static let defaultLevel: Int32 = 4

    private let fileDescriptor: Int32
    private let level: Int32
    private let blockSize: Int
    /// The worker threads; nil with `threads: 1`. Internal for tests.
    let workers: DeflateWorkers?
    /// Compresses on the caller's thread when there are no workers.
    private let inlineDeflater: BlockDeflater?

    /// Blocks ready to be filled.
    private var freeBlocks: [DeflateBlock]
    /// Submitted blocks, oldest first: the order they are written in.
    private var inFlight: [DeflateBlock] = []
    /// The block being filled.
    private var current: DeflateBlock?

    /// The last 32 KiB of input handed to blocks so far: the next block's dictionary.
    private let history: UnsafeMutableRawBufferPointer
    private var historyCount = 0

    private var uncompressedSize: Int64 = 0
    private var compressedSize: Int64 = 0
    private var crc: UInt32 = 0
    private var isHeaderWritten = false

    private enum State {
        case open
        case finished
        case failed(GzipError)
    }
    private var state = State.open

    /// Creates a writer that writes one gzip member to `fileDescriptor`.
    ///
    /// The descriptor must be open for writing; the writer neither closes it nor seeks. Nothing
    /// is written until the first block is compressed.
    ///
    /// - parameter level: the zlib level, 0 (store) to 9 (smallest), or -1 for zlib's default
    ///   (6).
    /// - parameter threads: how many threads compress; 1 compresses on the caller's thread.
    /// - parameter blockSize: how many input bytes each thread compresses at a time. Blocks
    ///   smaller than 64 KiB cost ratio; larger ones cost memory.
    /// - throws: `GzipError.invalidArgument` for a parameter out of range,
    ///   `GzipError.compressionFailed` when zlib cannot allocate its state.
    public init(
        fileDescriptor: Int32, level: Int32 = GzipWriter.defaultLevel, threads: Int = 2,
        blockSize: Int = GzipWriter.defaultBlockSize
    ) throws {
        guard (-1...9).contains(level) else {
            throw GzipError.invalidArgument("level \(level) is not between 0 and 9")
        }
        guard (1...256).contains(threads) else {
            throw GzipError.invalidArgument("\(threads) threads is not between 1 and 256")
        }
        guard (1...(1 << 30)).contains(blockSize) else {
            throw GzipError.invalidArgument("block size \(blockSize) is not between 1 and 1 GiB")
        }
        self.fileDescriptor = fileDescriptor
        self.level = level
        self.blockSize = blockSize
        let deflaters = try (0..<threads).map { _ throws(GzipError) in
            try BlockDeflater(level: level)
        }
        let outputCapacity = deflaters[0].outputBound(inputSize: blockSize)
        let blockCount = threads == 1 ? 1 : 2 * threads
        freeBlocks = (0..<blockCount).map { _ in
            DeflateBlock(capacity: blockSize, outputCapacity: outputCapacity)
        }
        history = .allocate(byteCount: deflateWindowSize, alignment: 16)
        if threads == 1 {
            inlineDeflater = deflaters[0]
            workers = nil
        } else {
            inlineDeflater = nil
            workers = DeflateWorkers(deflaters: deflaters)
        }
    }

    deinit {
        workers?.stop()
        history.deallocate()
    }

    /// The number of worker threads still running: 0 once `finish()` returned or an error was
    /// thrown, and always 0 with `threads: 1`.
    var runningWorkerCount: Int {
        workers?.runningWorkerCount ?? 0
    }

    /// Compresses `bytes`.
    ///
    /// The bytes are copied; the buffer can be reused as soon as the call returns. The call
    /// blocks while all blocks are in flight, and writes compressed blocks as they complete.
    ///
    /// - throws: `GzipError.writeFailed` when writing the compressed data fails,
    ///   `GzipError.compressionFailed` when zlib fails, `GzipError.alreadyFinished` after
    ///   `finish()` or after an earlier error (whose error is thrown again instead).
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        try checkOpen()
        do throws(GzipError) {
            guard let source = bytes.baseAddress else { return }
            var offset = 0
            while offset < bytes.count {
                let block = try currentBlock()
                if block.inputCount == blockSize {
                    // Submitted only now that more data follows, so the last block of the
                    // input is always the one finish() submits with Z_FINISH.
                    try submit(block, isLast: false)
                    continue
                }
                guard let destination = block.input.baseAddress else { return }
                let count = min(blockSize - block.inputCount, bytes.count - offset)
                (destination + block.inputCount).copyMemory(from: source + offset, byteCount: count)
                block.inputCount += count
                offset += count
            }
        } catch {
            fail(error)
            throw error
        }
    }

    /// Compresses the rest, writes the trailer, stops the threads and returns what was written.
    ///
    /// The file descriptor is neither synced nor closed.
    ///
    /// - throws: `GzipError.writeFailed`, `GzipError.compressionFailed`, or
    ///   `GzipError.alreadyFinished` when called twice; after an earlier error, that error.
    public func finish() throws -> GzipSummary {
        try checkOpen()
        do throws(GzipError) {
            try submit(try currentBlock(), isLast: true)
            while !inFlight.isEmpty {
                try writeOldestBlock(wait: true)
            }
            var trailer = [UInt8](repeating: 0, count: 8)
            for index in 0..<4 {
                trailer[index] = UInt8(truncatingIfNeeded: crc >> (8 * index))
                trailer[4 + index] = UInt8(truncatingIfNeeded: uncompressedSize >> (8 * index))
            }
            try writeOut(trailer)
        } catch {
            fail(error)
            throw error
        }
        workers?.stop()
        state = .finished
        return GzipSummary(
            uncompressedSize: uncompressedSize, compressedSize: compressedSize, crc32: crc)
    }

    private func checkOpen() throws(GzipError) {
        switch state {
        case .open: return
        case .finished: throw .alreadyFinished
        case .failed(let error): throw error
        }
    }

    private func fail(_ error: GzipError) {
        state = .failed(error)
        workers?.stop()
    }

    /// The block being filled, taking a free one (after writing out the oldest block in flight
    /// when there is none).
    private func currentBlock() throws(GzipError) -> DeflateBlock {
        if let current {
            return current
        }
        while freeBlocks.isEmpty {
            try writeOldestBlock(wait: true)
        }
        let block = freeBlocks.removeLast()
        block.inputCount = 0
        current = block
        return block
    }

    /// Hands `block` to a worker (or compresses it here), with the last 32 KiB before it as its
    /// dictionary, then writes out whatever blocks are already compressed.
    private func submit(_ block: DeflateBlock, isLast: Bool) throws(GzipError) {
        current = nil
        block.isLast = isLast
        if historyCount > 0 {
            block.dictionary.copyMemory(
                from: UnsafeRawBufferPointer(rebasing: history[0..<historyCount]))
        }
        block.dictionaryCount = historyCount
        appendToHistory(UnsafeRawBufferPointer(rebasing: block.input[0..<block.inputCount]))
        uncompressedSize += Int64(block.inputCount)
        inFlight.append(block)
        if let workers {
            workers.submit(block)
        } else if let inlineDeflater {
            inlineDeflater.compress(block)
            block.isCompressed = true
        }
        while let oldest = inFlight.first, isCompressed(oldest, wait: false) {
            try writeOldestBlock(wait: false)
        }
    }

    /// Keeps the last 32 KiB of the input seen so far in `history`.
    private func appendToHistory(_ bytes: UnsafeRawBufferPointer) {
        guard let historyBase = history.baseAddress, let source = bytes.baseAddress else { return }
        if bytes.count >= deflateWindowSize {
            historyBase.copyMemory(
                from: source + (bytes.count - deflateWindowSize), byteCount: deflateWindowSize)
            historyCount = deflateWindowSize
            return
        }
        let kept = min(historyCount, deflateWindowSize - bytes.count)
        if kept > 0 {
            historyBase.copyMemory(from: historyBase + (historyCount - kept), byteCount: kept)
        }
        (historyBase + kept).copyMemory(from: source, byteCount: bytes.count)
        historyCount = kept + bytes.count
    }

    private func isCompressed(_ block: DeflateBlock, wait: Bool) -> Bool {
        guard let workers else { return block.isCompressed }
        return workers.isCompressed(block, wait: wait)
    }

    /// Writes the oldest block in flight (waiting for it to be compressed when `wait` is true)
    /// and returns it to the free blocks.
    private func writeOldestBlock(wait: Bool) throws(GzipError) {
        guard let block = inFlight.first else { return }
        guard isCompressed(block, wait: wait) else {
            if wait {
                // Only stop() makes a wait give up, and it runs only once the writer is done.
                throw .compressionFailed("the compression threads stopped")
            }
            return
        }
        inFlight.removeFirst()
        if let failure = block.failure {
            throw failure
        }
        if !isHeaderWritten {
            try writeOut(header)
            isHeaderWritten = true
        }
        try writeOut(UnsafeRawBufferPointer(rebasing: block.output[0..<block.outputCount]))
        crc = CRC32.combine(crc, block.crc, secondLength: Int64(block.inputCount))
        freeBlocks.append(block)
    }

    /// The 10-byte gzip header: deflate, no flags, no timestamp, Unix.
    private var header: [UInt8] {
        // XFL 2 marks the slowest level, 4 the fastest (RFC 1952, 2.3.1).
        let extraFlags: UInt8 = level == 9 ? 2 : (level == 1 ? 4 : 0)
        return [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, extraFlags, 3]
    }

    private func writeOut(_ bytes: [UInt8]) throws(GzipError) {
        // Array.withUnsafeBytes rethrows untyped errors; carry the typed one out by hand.
        let failure: GzipError? = bytes.withUnsafeBytes { buffer in
            do throws(GzipError) {
                try writeOut(buffer)
                return nil
            } catch {
                return error
            }
        }
        if let failure {
            throw failure
        }
    }

    private func writeOut(_ bytes: UnsafeRawBufferPointer) throws(GzipError) {
        try writeAll(bytes, to: fileDescriptor)
        compressedSize += Int64(bytes.count)
    }
}

/// Writes all of `bytes`, looping on partial writes and retrying on `EINTR`.
///
/// - throws: `GzipError.writeFailed` with the system's errno and message.
func writeAll(_ bytes: UnsafeRawBufferPointer, to fileDescriptor: Int32) throws(GzipError) {
    guard var pointer = bytes.baseAddress else { return }
    var remaining = bytes.count
    while remaining > 0 {
        let written = systemWrite(fileDescriptor, pointer, remaining)
        if written < 0 {
            let code = errno
            if code == EINTR {
                continue
            }
            throw .writeFailed(errno: code)
        }
        if written == 0 {
            // write(2) makes no progress only on a broken device; do not spin on it.
            throw .writeFailed(errno: EIO)
        }
        pointer += written
        remaining -= written
    }
}

private func systemWrite(_ fileDescriptor: Int32, _ pointer: UnsafeRawPointer, _ count: Int)
    -> Int
{
    #if canImport(Glibc)
        return Glibc.write(fileDescriptor, pointer, count)
    #else
        return Darwin.write(fileDescriptor, pointer, count)
    #endif
}
