import Foundation

/// Times as crmenv writes them everywhere: ISO 8601 in UTC with milliseconds.
public enum Timestamp {
    /// `2026-12-04T19:58:44.123Z`.
    public static func string(from date: Date) -> String {
        date.formatted(
            Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt))
    }

    /// Parses what `string(from:)` writes.
    public static func date(from text: String) -> Date? {
        try? Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt)
            .parse(text)
    }
}
