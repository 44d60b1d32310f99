/// A window of decoded UTF-8 text that slides over a file, for the readers to scan in place.
///
/// The readers look at `bytes[0..<count]`, then call ``advance(discarding:)`` to drop what they
/// are done with and read the next chunk. The window only grows when a reader keeps more than
/// half of it (a long field), and the readers refuse fields longer than 1 MiB, so the window
/// stays at 128 KiB for ordinary text and never passes 2 MiB, however large the file is.
final class TextWindow {
    /// The decoded text: `bytes[0..<count]`. Moves when the window grows.
    private(set) var bytes: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private(set) var capacity: Int
    /// Whether the whole file has been decoded into the window.
    private(set) var isAtEnd = false
    /// The largest capacity the window ever had, in bytes: tests check memory stays bounded.
    private(set) var highWaterMark: Int

    private let decoder: TextFileDecoder

    init(decoder: TextFileDecoder) {
        self.decoder = decoder
        self.capacity = 2 * TextFileDecoder.chunkSize
        self.bytes = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        self.highWaterMark = capacity
    }

    deinit {
        bytes.deallocate()
    }

    /// Drops the first `discard` bytes, moving the rest to the front, and appends the next
    /// decoded chunk.
    ///
    /// - returns: false when the file is used up and nothing was appended.
    func advance(discarding discard: Int) throws -> Bool {
        if discard > 0 {
            let kept = count - discard
            if kept > 0 {
                UnsafeMutableRawPointer(bytes).copyMemory(from: bytes + discard, byteCount: kept)
            }
            count = kept
        }
        if isAtEnd {
            return false
        }
        if count > capacity / 2 {
            grow(to: capacity * 2)
        }
        let written = try decoder.decode(into: bytes + count, capacity: capacity - count)
        if written == 0 {
            isAtEnd = true
            return false
        }
        count += written
        return true
    }

    private func grow(to newCapacity: Int) {
        let newBytes = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBytes.update(from: bytes, count: count)
        bytes.deallocate()
        bytes = newBytes
        capacity = newCapacity
        highWaterMark = max(highWaterMark, newCapacity)
    }
}
