/// A set that can say "certainly not here" in fixed memory: false positives happen (rarely),
/// false negatives never. The import uses it to skip looking up contacts that cannot exist.
struct BloomFilter {
    private var bits: [UInt64]
    private let mask: UInt64

    /// A filter of 2^`log2Bits` bits (2^25 bits = 4 MB).
    init(log2Bits: Int = 25) {
        bits = Array(repeating: 0, count: 1 << (log2Bits - 6))
        mask = (UInt64(1) << UInt64(log2Bits)) - 1
    }

    /// Three positions from one 64-bit FNV-1a hash of the key's bytes, by double hashing.
    private func positions(_ key: String) -> (UInt64, UInt64, UInt64) {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        let second = (hash >> 32) | 1
        return (hash & mask, (hash &+ second) & mask, (hash &+ 2 &* second) & mask)
    }

    mutating func insert(_ key: String) {
        let (a, b, c) = positions(key)
        for position in [a, b, c] {
            bits[Int(position >> 6)] |= UInt64(1) << (position & 63)
        }
    }

    /// False when `key` was certainly never inserted.
    func mightContain(_ key: String) -> Bool {
        let (a, b, c) = positions(key)
        for position in [a, b, c]
        where bits[Int(position >> 6)] & (UInt64(1) << (position & 63)) == 0 {
            return false
        }
        return true
    }
}
