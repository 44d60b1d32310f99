/// What a finished gzip stream holds: the sizes on both sides and the CRC-32 of the data.
///
/// `uncompressedSize` and `crc32` are the values a `GzipReader` checks at the end of the stream
/// (the trailer keeps the size modulo 2^32); `compressedSize` counts every byte written,
/// header and trailer included.
public struct GzipSummary: Sendable, Equatable {
    /// The number of bytes that went in.
    public var uncompressedSize: Int64
    /// The number of bytes written to the file: header, compressed data and trailer.
    public var compressedSize: Int64
    /// The CRC-32 of the uncompressed bytes, as stored in the trailer.
    public var crc32: UInt32

    public init(uncompressedSize: Int64, compressedSize: Int64, crc32: UInt32) {
        self.uncompressedSize = uncompressedSize
        self.compressedSize = compressedSize
        self.crc32 = crc32
    }
}
