import CRMEnvTestSupport
import Foundation
import Testing

@testable import CRMEnv

@Suite struct PrefetcherTests {
    @Test func elementsArriveInOrderAcrossChunks() throws {
        var next = 0
        let source = Prefetcher(chunkSize: 7, depth: 2) { () -> Int? in
            next += 1
            return next <= 100 ? next : nil
        }
        var seen: [Int] = []
        while let value = try source.next() { seen.append(value) }
        #expect(seen == Array(1...100))
        #expect(try source.next() == nil)
    }

    @Test func theProducersErrorArrivesAfterWhatItMadeBefore() throws {
        struct Broken: Error, Equatable {}
        var next = 0
        let source = Prefetcher(chunkSize: 4, depth: 1) { () throws -> Int? in
            next += 1
            if next == 10 { throw Broken() }
            return next
        }
        var seen: [Int] = []
        #expect(throws: Broken.self) {
            while let value = try source.next() { seen.append(value) }
        }
        #expect(seen == Array(1...9))
    }

    @Test func cancellingStopsAProducerThatWouldRunForever() throws {
        let counter = Counter()
        let source = Prefetcher(chunkSize: 16, depth: 2) { () -> Int? in
            counter.increment()
            return 1
        }
        #expect(try source.next() == 1)
        source.cancel()
        Thread.sleep(forTimeInterval: 0.05)
        let stopped = counter.value
        Thread.sleep(forTimeInterval: 0.05)
        #expect(counter.value == stopped)
        #expect(stopped <= 16 * 4)
    }

    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        func increment() {
            lock.lock()
            count += 1
            lock.unlock()
        }
        var value: Int {
            lock.lock()
            defer { lock.unlock() }
            return count
        }
    }
}

@Suite struct BloomFilterTests {
    @Test func whatWasInsertedIsAlwaysFoundAndMostOfTheRestIsNot() {
        var filter = BloomFilter(log2Bits: 20)
        for number in 0..<10_000 { filter.insert("email:p\(number)@example.com") }
        for number in 0..<10_000 {
            #expect(filter.mightContain("email:p\(number)@example.com"))
        }
        let falsePositives = (10_000..<20_000).filter {
            filter.mightContain("email:p\($0)@example.com")
        }.count
        #expect(falsePositives < 100)
    }
}
