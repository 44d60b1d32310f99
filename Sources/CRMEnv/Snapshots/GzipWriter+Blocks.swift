import CZlib
import Foundation

/// The size of deflate's window: a block is primed with this much of the data before it.
let deflateWindowSize = 32 * 1024

/// One block of input, the dictionary that precedes it, and its compressed form.
///
/// A block belongs to one thread at a time: the writer's thread while it fills the block and
/// while it writes the compressed bytes out, a worker while it compresses. The hand-over goes
/// through `DeflateWorkers`' lock, which orders every access of one owner before every access
/// of the next.
final class DeflateBlock: @unchecked Sendable {
    // @unchecked Sendable: the buffers and fields are mutable, but only the owner described
    // above touches them, and ownership changes only under `DeflateWorkers.condition`, except
    // `isCompressed`, which is read and written only under that lock.
    let input: UnsafeMutableRawBufferPointer
    var inputCount = 0
    let dictionary: UnsafeMutableRawBufferPointer
    var dictionaryCount = 0
    private(set) var output: UnsafeMutableRawBufferPointer
    var outputCount = 0
    var isLast = false
    /// The CRC-32 of `input[0..<inputCount]`, set by the compressing thread.
    var crc: UInt32 = 0
    /// Why compressing failed, set by the compressing thread.
    var failure: GzipError?
    /// True once compressed; guarded by `DeflateWorkers.condition`.
    var isCompressed = false

    init(capacity: Int, outputCapacity: Int) {
        input = .allocate(byteCount: capacity, alignment: 16)
        dictionary = .allocate(byteCount: deflateWindowSize, alignment: 16)
        output = .allocate(byteCount: outputCapacity, alignment: 16)
    }

    deinit {
        input.deallocate()
        dictionary.deallocate()
        output.deallocate()
    }

    /// Doubles the output buffer, keeping the `outputCount` bytes already in it.
    func growOutput() {
        let larger = UnsafeMutableRawBufferPointer.allocate(
            byteCount: output.count * 2, alignment: 16)
        if outputCount > 0 {
            larger.copyMemory(from: UnsafeRawBufferPointer(rebasing: output[0..<outputCount]))
        }
        output.deallocate()
        output = larger
    }
}

/// A raw deflate stream (no zlib or gzip wrapper) that compresses blocks one at a time.
///
/// Each block is compressed with the 32 KiB before it as a preset dictionary and ends on a byte
/// boundary (`Z_SYNC_FLUSH`), or with the end of the stream (`Z_FINISH`) when it is the last,
/// so compressed blocks written one after the other make a single valid deflate stream. See
/// <https://www.zlib.net/manual.html#Advanced> (`deflateSetDictionary`) and pigz.
final class BlockDeflater: @unchecked Sendable {
    // @unchecked Sendable: the z_stream is used by one thread only (the worker that owns the
    // deflater, or the writer's thread when there are no workers); it is handed over once,
    // when the worker thread starts.
    private let stream: UnsafeMutablePointer<z_stream>

    /// - throws: `GzipError.compressionFailed` when zlib cannot allocate its state.
    init(level: Int32) throws(GzipError) {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let code = crmenv_deflate_init2(
            stream, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY)
        guard code == Z_OK else {
            let message = GzipError.zlibMessage(stream.pointee.msg, code: code)
            stream.deinitialize(count: 1)
            stream.deallocate()
            throw .compressionFailed("cannot start deflate: \(message)")
        }
    }

    deinit {
        deflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// An output size that holds any compressed block of `inputSize` bytes.
    func outputBound(inputSize: Int) -> Int {
        // deflateBound covers a whole stream; the sync flush adds at most 5 bytes more.
        Int(deflateBound(stream, UInt(inputSize))) + 64
    }

    /// Compresses `block.input` into `block.output` and computes its CRC-32; on failure sets
    /// `block.failure` instead of throwing, so the writer reports it in order.
    func compress(_ block: DeflateBlock) {
        block.crc = CRC32.update(
            0, UnsafeRawBufferPointer(rebasing: block.input[0..<block.inputCount]))
        block.outputCount = 0
        block.failure = nil
        do throws(GzipError) {
            try check(deflateReset(stream), "cannot reset deflate")
            if block.dictionaryCount > 0, let dictionary = block.dictionary.baseAddress {
                try check(
                    deflateSetDictionary(
                        stream, dictionary.assumingMemoryBound(to: Bytef.self),
                        UInt32(block.dictionaryCount)),
                    "cannot set the deflate dictionary")
            }
            try deflateInput(of: block)
        } catch {
            block.failure = error
        }
    }

    private func deflateInput(of block: DeflateBlock) throws(GzipError) {
        guard let input = block.input.baseAddress else {
            throw .compressionFailed("block has no input buffer")
        }
        stream.pointee.next_in = input.assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_in = UInt32(block.inputCount)
        let flush = block.isLast ? Z_FINISH : Z_SYNC_FLUSH
        while true {
            guard let output = block.output.baseAddress else {
                throw .compressionFailed("block has no output buffer")
            }
            let room = UInt32(clamping: block.output.count - block.outputCount)
            stream.pointee.next_out = (output + block.outputCount)
                .assumingMemoryBound(to: Bytef.self)
            stream.pointee.avail_out = room
            let code = deflate(stream, flush)
            block.outputCount += Int(room - stream.pointee.avail_out)
            switch code {
            case Z_STREAM_END:
                return
            case Z_OK, Z_BUF_ERROR:
                // A sync flush is complete when deflate leaves output space unused.
                if !block.isLast, stream.pointee.avail_out > 0, stream.pointee.avail_in == 0 {
                    return
                }
                if stream.pointee.avail_out == 0 {
                    block.growOutput()
                } else if code == Z_BUF_ERROR {
                    throw .compressionFailed("deflate made no progress")
                }
            default:
                let message = GzipError.zlibMessage(stream.pointee.msg, code: code)
                throw .compressionFailed("deflate failed: \(message)")
            }
        }
    }

    private func check(_ code: Int32, _ action: String) throws(GzipError) {
        guard code == Z_OK else {
            let message = GzipError.zlibMessage(stream.pointee.msg, code: code)
            throw .compressionFailed("\(action): \(message)")
        }
    }
}

/// The worker threads of a `GzipWriter` and the queue of blocks waiting for them.
///
/// Workers take blocks in submission order and mark each compressed; the writer waits for the
/// oldest block, writes it, and gives it back for filling. `stop()` makes every worker return
/// after its current block and waits until all have.
final class DeflateWorkers: @unchecked Sendable {
    // @unchecked Sendable: `queue`, `isStopping`, `runningCount` and every block's
    // `isCompressed` are read and written only while holding `condition`.
    private let condition = NSCondition()
    private var queue: [DeflateBlock] = []
    private var queueHead = 0
    private var isStopping = false
    private var runningCount = 0

    /// Starts one thread per deflater.
    init(deflaters: [BlockDeflater]) {
        runningCount = deflaters.count
        for (index, deflater) in deflaters.enumerated() {
            let thread = Thread { [self] in
                self.run(deflater)
            }
            thread.name = "crmenv.gzip.\(index)"
            thread.start()
        }
    }

    /// The number of worker threads that have not returned yet.
    var runningWorkerCount: Int {
        condition.lock()
        defer { condition.unlock() }
        return runningCount
    }

    /// Queues `block` for compression; the writer's thread gives up the block until
    /// `waitUntilCompressed(_:)` returns for it.
    func submit(_ block: DeflateBlock) {
        condition.lock()
        block.isCompressed = false
        queue.append(block)
        condition.broadcast()
        condition.unlock()
    }

    /// Marks a block compressed on the writer's own thread (when there are no workers).
    func markCompressed(_ block: DeflateBlock) {
        condition.lock()
        block.isCompressed = true
        condition.unlock()
    }

    /// Returns whether `block` is compressed, waiting for it when `wait` is true.
    func isCompressed(_ block: DeflateBlock, wait: Bool) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while !block.isCompressed {
            guard wait, !isStopping else { return false }
            condition.wait()
        }
        return true
    }

    /// Makes the workers return after their current block and waits until they have.
    func stop() {
        condition.lock()
        isStopping = true
        queue.removeAll()
        queueHead = 0
        condition.broadcast()
        while runningCount > 0 {
            condition.wait()
        }
        condition.unlock()
    }

    private func run(_ deflater: BlockDeflater) {
        condition.lock()
        while true {
            while queueHead == queue.count, !isStopping {
                condition.wait()
            }
            if isStopping {
                break
            }
            let block = queue[queueHead]
            queueHead += 1
            if queueHead == queue.count {
                queue.removeAll(keepingCapacity: true)
                queueHead = 0
            }
            condition.unlock()
            deflater.compress(block)
            condition.lock()
            block.isCompressed = true
            condition.broadcast()
        }
        runningCount -= 1
        condition.broadcast()
        condition.unlock()
    }
}
