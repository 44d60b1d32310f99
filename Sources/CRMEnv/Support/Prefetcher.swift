import Foundation

/// Runs a producer on its own thread, a bounded number of chunks ahead of the consumer: the
/// import reads and parses the file on one core while SQLite writes on the other.
///
/// Memory stays bounded: at most `depth` chunks of `chunkSize` elements wait. The producer's
/// error reaches the consumer in order, after the elements produced before it. When the
/// consumer stops early (it threw), `cancel()` (also on deinit) stops the producer at its next
/// element.
final class Prefetcher<Element>: @unchecked Sendable {
    // Every stored property below is guarded by `condition`; the producer closure is only ever
    // called on the producer thread, and what it touches (the source) is not used by the
    // consumer's thread while the prefetcher runs.
    private let condition = NSCondition()
    private var chunks: [[Element]] = []
    private var finished = false
    private var failure: Error?
    private var cancelled = false
    private var consumed: [Element] = []
    private var consumedIndex = 0
    private let depth: Int
    private let chunkSize: Int

    /// Starts producing. `produce` returns the next element, or nil at the end.
    init(chunkSize: Int = 256, depth: Int = 4, produce: @escaping () throws -> Element?) {
        self.depth = depth
        self.chunkSize = chunkSize
        let work = UncheckedProducer(produce: produce)
        Thread.detachNewThread { [self] in
            run(work)
        }
    }

    deinit {
        cancel()
    }

    private func run(_ work: UncheckedProducer<Element>) {
        var chunk: [Element] = []
        chunk.reserveCapacity(chunkSize)
        do {
            while let element = try work.produce() {
                chunk.append(element)
                if chunk.count == chunkSize {
                    guard put(chunk) else { return }
                    chunk = []
                    chunk.reserveCapacity(chunkSize)
                }
            }
            _ = put(chunk)
            finish(nil)
        } catch {
            _ = put(chunk)
            finish(error)
        }
    }

    /// Hands a chunk over, waiting while `depth` chunks wait already. False when cancelled.
    private func put(_ chunk: [Element]) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while chunks.count >= depth && !cancelled {
            condition.wait()
        }
        guard !cancelled else { return false }
        if !chunk.isEmpty { chunks.append(chunk) }
        condition.broadcast()
        return true
    }

    private func finish(_ error: Error?) {
        condition.lock()
        finished = true
        failure = error
        condition.broadcast()
        condition.unlock()
    }

    /// The next element, nil at the end; rethrows the producer's error where it happened.
    func next() throws -> Element? {
        if consumedIndex < consumed.count {
            defer { consumedIndex += 1 }
            return consumed[consumedIndex]
        }
        condition.lock()
        while chunks.isEmpty && !finished {
            condition.wait()
        }
        if chunks.isEmpty {
            let error = failure
            condition.unlock()
            if let error { throw error }
            return nil
        }
        consumed = chunks.removeFirst()
        consumedIndex = 1
        condition.broadcast()
        condition.unlock()
        return consumed[0]
    }

    /// Stops the producer (it may finish the element it is on) and waits for nothing more.
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }
}

/// The producer closure, handed to the producer thread once.
private struct UncheckedProducer<Element>: @unchecked Sendable {
    let produce: () throws -> Element?
}
