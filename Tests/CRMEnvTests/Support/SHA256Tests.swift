import Testing

@testable import CRMEnv

@Suite struct SHA256Tests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
        (
            "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
            "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"
        ),
    ])
    func matchesTheNISTVectors(input: String, digest: String) {
        #expect(SHA256.hex(of: Array(input.utf8)) == digest)
    }

    @Test func aMillionAsInUnevenPiecesMatchesTheNISTVector() {
        let hash = SHA256()
        let piece = [UInt8](repeating: UInt8(ascii: "a"), count: 997)
        var remaining = 1_000_000
        while remaining > 0 {
            let count = min(piece.count, remaining)
            piece[0..<count].withUnsafeBytes { hash.update($0) }
            remaining -= count
        }
        #expect(
            hash.finalizeHex() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        )
    }

    @Test func everyPaddingLengthAgreesWithOneShotHashing() {
        // Lengths around the 55/56/64-byte padding boundaries, hashed whole and in two parts.
        for length in [55, 56, 57, 63, 64, 65, 119, 120, 128] {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31) }
            let split = SHA256()
            bytes[0..<(length / 3)].withUnsafeBytes { split.update($0) }
            bytes[(length / 3)...].withUnsafeBytes { split.update($0) }
            #expect(split.finalizeHex() == SHA256.hex(of: bytes), "length \(length)")
        }
    }
}
