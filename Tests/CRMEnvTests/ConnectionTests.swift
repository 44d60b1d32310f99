import Testing
@testable import CRMEnv
@Test func placeholder() { #expect(1 == 1) }
