import CZlib

/// The CRC-32 of gzip (ISO 3309, polynomial 0xEDB88320), computed by zlib.
///
/// See <https://www.zlib.net/manual.html#Checksum>.
public enum CRC32 {
    /// Returns `crc` updated with `bytes`; start from 0.
    ///
    /// `CRC32.update(0, whole)` equals updating piece by piece in order.
    public static func update(_ crc: UInt32, _ bytes: UnsafeRawBufferPointer) -> UInt32 {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return crc }
        let result = crc32_z(
            UInt(crc), base.assumingMemoryBound(to: Bytef.self), bytes.count)
        return UInt32(truncatingIfNeeded: result)
    }

    /// Returns the CRC-32 of `a + b` from the CRC-32 of `a`, that of `b`, and the length of `b`.
    public static func combine(_ first: UInt32, _ second: UInt32, secondLength: Int64) -> UInt32 {
        let result = crc32_combine(UInt(first), UInt(second), off_t(secondLength))
        return UInt32(truncatingIfNeeded: result)
    }
}
