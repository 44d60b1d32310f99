/// Reads a CSV file one record at a time, as exports really write them.
///
/// The reader follows [RFC 4180](https://www.rfc-editor.org/rfc/rfc4180) and forgives what real
/// exports do:
///
/// - the encoding is detected (UTF-8 with or without BOM, UTF-16 with BOM, Windows-1252);
/// - the delimiter is the most frequent of `,` `;` and TAB in the header line, outside quotes;
/// - lines end with CRLF, LF or a lone CR, even mixed in one file;
/// - quoted fields may hold delimiters, doubled quotes and line breaks; a quote inside an
///   unquoted field is text (`5" tall` stays as it is);
/// - blank lines are skipped, so a trailing empty line is not a record;
/// - a record shorter than the header is fine: the missing fields read as "".
///
/// It refuses, with the line and column and a fix: text after a closing quote other than a
/// delimiter or a line end, a quote that never closes (at the opening quote), a field longer
/// than 1 MiB (1,048,576 bytes of UTF-8, at its start; the reader stops there, it does not
/// buffer the rest), a NUL character, and a record with more fields than the header (more than
/// 10,000 before the header is read; extra fields are counted, not kept).
///
/// The file is read in chunks: memory use depends on the longest field, not on the file.
/// Line breaks inside quoted fields read as "\n", whatever the file used.
/// Lines are physical lines (a quoted field over three lines moves the count on by two);
/// columns count Unicode scalars, which are characters for the precomposed text exports hold.
///
/// ```swift
/// let reader = try CSVReader(path: path, displayName: "contacts.csv")
/// let header = try reader.readHeader(requiringDataRows: true)
/// while let record = try reader.readRecord() {
///     let email = header.value("E-mail Address", in: record)
/// }
/// ```
///
/// - warning: After the reader throws, do not read on: the rest of the file is not reliable.
public final class CSVReader {
    /// The file name as the user gave it.
    public let displayName: String
    /// The encoding the file is read in, given or detected.
    public let encoding: TextEncoding
    /// The field delimiter: `,`, `;` or TAB.
    public let delimiter: Character
    /// The header, once ``readHeader(requiringDataRows:)`` has read it.
    public private(set) var header: CSVHeader?

    /// The longest field accepted, in bytes of UTF-8.
    static let maximumFieldLength = 1 << 20
    /// The most fields a record may have before the header is read (the header row itself).
    static let maximumFieldCount = 10_000

    private let window: TextWindow
    private let delimiterByte: UInt8
    /// The next byte to read in the window.
    private var position = 0
    /// The physical line of `position`.
    private var line = 1
    /// A position in the window whose column is known, to count columns from lazily.
    private var anchorIndex = 0
    private var anchorColumn = 1
    /// The last record ended with CR: an LF right after it belongs to that line end.
    private var afterCR = false
    /// A record read ahead by `readHeader(requiringDataRows: true)`.
    private var pendingRecord: CSVRecord?
    private var unescaped: [UInt8] = []
    /// Where the fields of the record being read are, until their strings are made.
    private var spans: UnsafeMutablePointer<FieldSpan>
    private var spanCapacity = 128

    /// The most memory the reader's text window ever held, in bytes.
    var bufferHighWaterMark: Int { window.highWaterMark }

    /// Opens a CSV file.
    ///
    /// - parameters:
    ///   - path: The file to read.
    ///   - displayName: The file name as the user gave it, used in messages.
    ///   - encoding: The file's encoding, or nil to detect it with
    ///     `TextEncoding.detect(path:displayName:)`.
    /// - throws: `CRMEnvError.invalidInput` when the file is empty or not text;
    ///   `CRMEnvError.fileNotFound` or `CRMEnvError.fileUnreadable` when it cannot be read.
    public init(path: String, displayName: String, encoding: TextEncoding? = nil) throws {
        let encoding = try encoding ?? TextEncoding.detect(path: path, displayName: displayName)
        let decoder = try TextFileDecoder(
            path: path, displayName: displayName, encoding: encoding)
        self.displayName = displayName
        self.encoding = encoding
        self.window = TextWindow(decoder: decoder)
        self.spans = UnsafeMutablePointer<FieldSpan>.allocate(capacity: spanCapacity)
        _ = try window.advance(discarding: 0)
        self.delimiterByte = Self.sniffDelimiter(window.bytes, count: window.count)
        self.delimiter = Character(Unicode.Scalar(delimiterByte))
    }

    deinit {
        spans.deallocate()
    }

    /// The most frequent of `,` `;` and TAB on the first line that is not blank, outside
    /// quotes; `,` when none occurs, and on ties in that order of preference.
    ///
    /// Only the first decoded chunk (64 KiB) is looked at: a longer header line is counted as
    /// far as it goes.
    static func sniffDelimiter(_ bytes: UnsafePointer<UInt8>, count: Int) -> UInt8 {
        var commas = 0
        var semicolons = 0
        var tabs = 0
        var inQuotes = false
        var index = 0
        while index < count
            && (bytes[index] == TextByte.lineFeed || bytes[index] == TextByte.carriageReturn)
        {
            index += 1
        }
        scan: while index < count {
            switch bytes[index] {
            case TextByte.quote: inQuotes.toggle()
            case TextByte.comma where !inQuotes: commas += 1
            case TextByte.semicolon where !inQuotes: semicolons += 1
            case TextByte.tab where !inQuotes: tabs += 1
            case TextByte.lineFeed where !inQuotes, TextByte.carriageReturn where !inQuotes:
                break scan
            default: break
            }
            index += 1
        }
        if semicolons > commas && semicolons >= tabs {
            return TextByte.semicolon
        }
        if tabs > commas && tabs > semicolons {
            return TextByte.tab
        }
        return TextByte.comma
    }

    /// Reads the header row: the first record that is not a blank line.
    ///
    /// - parameter requiringDataRows: Whether a file with a header but no data row is an error.
    /// - throws: `CRMEnvError.invalidInput` when the file has no header row, when two columns
    ///   have the same name, or, when `requiringDataRows`, when no data row follows.
    public func readHeader(requiringDataRows: Bool = false) throws -> CSVHeader {
        guard let record = try parseRecord() else {
            throw CRMEnvError.invalidInput(
                location: SourceLocation(file: displayName, line: 1),
                message: "the file has no header row (it holds only blank lines)",
                fix: TextEncoding.emptyCSVFix)
        }
        let header = try CSVHeader(record: record)
        self.header = header
        if requiringDataRows {
            guard let first = try readRecord() else {
                throw CRMEnvError.invalidInput(
                    location: SourceLocation(file: displayName, line: record.line),
                    message: "the file has a header row but no data rows",
                    fix: "export it again with the contacts in it, or check the file name")
            }
            pendingRecord = first
        }
        return header
    }

    /// Reads the next record, or returns nil at the end of the file.
    ///
    /// Once the header has been read, a record with more fields than the header is an error;
    /// before that, a record with more than 10,000 fields.
    ///
    /// - throws: `CRMEnvError.invalidInput` for malformed CSV, with the line and column.
    public func readRecord() throws -> CSVRecord? {
        if let record = pendingRecord {
            pendingRecord = nil
            return record
        }
        return try parseRecord()
    }

    /// The error for a record with more fields than it may have, at its first extra field.
    private func tooManyFields(_ count: Int, at location: SourceLocation) -> CRMEnvError {
        guard let header else {
            return .invalidInput(
                location: location,
                message: "row has \(count) fields, more than the "
                    + "\(Self.maximumFieldCount) a CSV export can have",
                fix: "check that the file really is a CSV export")
        }
        let what: String
        switch delimiterByte {
        case TextByte.semicolon: what = "semicolons"
        case TextByte.tab: what = "tabs"
        default: what = "commas"
        }
        return .invalidInput(
            location: location,
            message: "row has \(count) fields but the header has \(header.count)",
            fix: "quote fields that contain \(what)")
    }

    /// Where the scanner is in a record.
    private enum State {
        /// Before a record: blank lines are skipped here.
        case recordStart
        /// Before a field: after a delimiter, or at the first byte of a record.
        case fieldStart
        case unquoted
        case quoted
        /// In a quoted field, right after a CR: an LF here is part of the same line end.
        case quotedAfterCR
        /// Right after a quote in a quoted field: a closing quote, or the first of two.
        case quoteInQuoted
    }

    /// The scanner. It works on the UTF-8 bytes in the window and makes one `String` per field.
    /// Which columns become strings; nil keeps them all. The others read as "".
    private var keptColumns: [Bool]?

    /// Makes only these columns' strings from now on (by index); the others read as "".
    ///
    /// An Outlook export has some 90 columns of which an import keeps about 20: making strings
    /// of the others is most of the reading.
    public func keepOnly(columns: Set<Int>) {
        let count = (columns.max() ?? -1) + 1
        keptColumns = (0..<count).map { columns.contains($0) }
    }

    private func parseRecord() throws -> CSVRecord? {
        let delimiter = delimiterByte
        let limit = Self.maximumFieldLength
        var bytes = window.bytes
        var end = window.count
        var index = position
        var line = self.line
        var anchorIndex = self.anchorIndex
        var anchorColumn = self.anchorColumn
        var afterCR = self.afterCR

        var state = State.recordStart
        var spans = self.spans
        var spanCapacity = self.spanCapacity
        var spanCount = 0
        // Fields past the limit are counted, not kept, so a runaway row cannot take memory.
        let fieldLimit = header?.count ?? Self.maximumFieldCount
        var extraFields = 0
        var firstExtraLocation = SourceLocation(file: displayName, line: line)
        // Strings made early, for the fields of a record that spans two chunks.
        var earlyFields: [String] = []
        var recordLine = line
        var fieldStart = index
        var fieldColumn = 1
        var fieldLine = line
        var hasEscapes = false

        /// The column of `target`, counted on from the anchor, which moves there.
        func column(at target: Int) -> Int {
            // Every byte but a UTF-8 continuation byte (10xxxxxx) starts a scalar.
            var column = anchorColumn + (target - anchorIndex)
            var scan = anchorIndex
            let high: UInt64 = 0x8080_8080_8080_8080
            while scan + 8 <= target {
                let word = UnsafeRawPointer(bytes + scan).loadUnaligned(as: UInt64.self)
                if word & high != 0 {
                    column -= (word & ~(word << 1) & high).nonzeroBitCount
                }
                scan += 8
            }
            while scan < target {
                if bytes[scan] & 0xC0 == 0x80 {
                    column -= 1
                }
                scan += 1
            }
            anchorIndex = target
            anchorColumn = column
            return column
        }

        func fieldTooLong() -> CRMEnvError {
            .invalidInput(
                location: SourceLocation(file: displayName, line: fieldLine, column: fieldColumn),
                message: "field longer than 1 MB (1,048,576 bytes) starts here",
                fix: "is a quote missing? close the quoted field where it should end")
        }

        func nulError(at target: Int) -> CRMEnvError {
            .invalidInput(
                location: SourceLocation(file: displayName, line: line, column: column(at: target)),
                message: "the text contains a NUL character (U+0000)",
                fix: "remove it; the file may be damaged or not a text export")
        }

        func appendField(from start: Int, to stop: Int, unescaping: Bool) throws {
            if stop - start > limit {
                throw fieldTooLong()
            }
            if spanCount == fieldLimit {
                if extraFields == 0 {
                    firstExtraLocation = SourceLocation(
                        file: displayName, line: fieldLine, column: fieldColumn)
                }
                extraFields += 1
                return
            }
            if spanCount == spanCapacity {
                growSpans()
                spans = self.spans
                spanCapacity = self.spanCapacity
            }
            spans[spanCount] = FieldSpan(
                start: start, end: stop, column: fieldColumn, line: fieldLine,
                isEscaped: unescaping)
            spanCount += 1
        }

        let kept = keptColumns
        func makeString(_ span: FieldSpan, at offset: Int) -> String {
            if span.start == span.end {
                return ""
            }
            if let kept, offset >= kept.count || !kept[offset] {
                return ""
            }
            if span.isEscaped {
                return unescape(bytes + span.start, count: span.end - span.start)
            }
            return String(
                decoding: UnsafeBufferPointer(
                    start: bytes + span.start, count: span.end - span.start),
                as: UTF8.self)
        }

        func finish() throws -> CSVRecord {
            if extraFields > 0 {
                throw tooManyFields(spanCount + extraFields, at: firstExtraLocation)
            }
            self.position = index
            self.line = line
            self.anchorIndex = anchorIndex
            self.anchorColumn = anchorColumn
            self.afterCR = afterCR
            let count = spanCount
            let early = earlyFields.count
            let fields = [String](unsafeUninitializedCapacity: count) { buffer, initialized in
                for offset in 0..<early {
                    buffer.initializeElement(at: offset, to: earlyFields[offset])
                }
                for offset in early..<count {
                    buffer.initializeElement(at: offset, to: makeString(spans[offset], at: offset))
                }
                initialized = count
            }
            let columns = [Int](unsafeUninitializedCapacity: count) { buffer, initialized in
                for offset in 0..<count {
                    buffer.initializeElement(at: offset, to: spans[offset].column)
                }
                initialized = count
            }
            let fieldLines = [Int](unsafeUninitializedCapacity: count) { buffer, initialized in
                for offset in 0..<count {
                    buffer.initializeElement(at: offset, to: spans[offset].line)
                }
                initialized = count
            }
            return CSVRecord(
                file: displayName, fields: fields, line: recordLine, columns: columns,
                fieldLines: fieldLines)
        }

        while true {
            if index == end {
                // Out of text: keep the field in progress, read the next chunk behind it.
                let keep: Int
                switch state {
                case .recordStart, .fieldStart:
                    keep = index
                case .unquoted, .quoted, .quotedAfterCR, .quoteInQuoted:
                    keep = fieldStart
                    if index - fieldStart > limit {
                        throw fieldTooLong()
                    }
                }
                if anchorIndex < keep {
                    _ = column(at: keep)
                }
                // Make the strings of the finished fields before their bytes go.
                for offset in earlyFields.count..<spanCount {
                    earlyFields.append(makeString(spans[offset], at: offset))
                }
                let more = try window.advance(discarding: keep)
                index -= keep
                fieldStart -= keep
                anchorIndex -= keep
                bytes = window.bytes
                end = window.count
                if !more {
                    switch state {
                    case .recordStart:
                        self.position = index
                        self.line = line
                        self.anchorIndex = anchorIndex
                        self.anchorColumn = anchorColumn
                        self.afterCR = afterCR
                        return nil
                    case .fieldStart:
                        fieldColumn = column(at: index)
                        fieldLine = line
                        try appendField(from: index, to: index, unescaping: false)
                        return try finish()
                    case .unquoted:
                        try appendField(from: fieldStart, to: index, unescaping: false)
                        return try finish()
                    case .quoteInQuoted:
                        try appendField(from: fieldStart, to: index - 1, unescaping: hasEscapes)
                        return try finish()
                    case .quoted, .quotedAfterCR:
                        throw CRMEnvError.invalidInput(
                            location: SourceLocation(
                                file: displayName, line: fieldLine, column: fieldColumn),
                            message: "unterminated quoted field (the quote opens here and the "
                                + "file ends before it closes)",
                            fix: "close the quote or remove it")
                    }
                }
                continue
            }

            switch state {
            case .recordStart:
                let byte = bytes[index]
                if byte == TextByte.lineFeed {
                    if !afterCR {
                        line += 1
                    }
                    afterCR = false
                    index += 1
                    anchorIndex = index
                    anchorColumn = 1
                } else if byte == TextByte.carriageReturn {
                    line += 1
                    afterCR = true
                    index += 1
                    anchorIndex = index
                    anchorColumn = 1
                } else {
                    afterCR = false
                    recordLine = line
                    state = .fieldStart
                }

            case .fieldStart:
                // Fast path for the usual fields: followed by the delimiter or a line end in
                // the window, and for a quoted field no quote, line break or NUL inside. It loops
                // over such fields without going round the state machine.
                var isFast = true
                while isFast {
                    fieldColumn = column(at: index)
                    fieldLine = line
                    guard bytes[index] == TextByte.quote else {
                        var scan = index
                        while scan < end {
                            let byte = bytes[scan]
                            if byte == delimiter
                                || (byte <= TextByte.carriageReturn
                                    && (byte == TextByte.lineFeed
                                        || byte == TextByte.carriageReturn || byte == 0))
                            {
                                break
                            }
                            scan += 1
                        }
                        isFast = false
                        if scan + 1 < end {
                            let byte = bytes[scan]
                            if byte == delimiter {
                                try appendField(from: index, to: scan, unescaping: false)
                                index = scan + 1
                                isFast = true
                            } else if byte == TextByte.lineFeed
                                || byte == TextByte.carriageReturn
                            {
                                try appendField(from: index, to: scan, unescaping: false)
                                index = scan + 1
                                line += 1
                                anchorIndex = index
                                anchorColumn = 1
                                afterCR = byte == TextByte.carriageReturn
                                return try finish()
                            }
                        }
                        if !isFast {
                            // A NUL, or the end of the window: the state machine takes over.
                            fieldStart = index
                            index = scan
                            state = .unquoted
                        }
                        continue
                    }
                    var scan = index + 1
                    while scan < end {
                        let byte = bytes[scan]
                        if byte == TextByte.quote
                            || (byte <= TextByte.carriageReturn
                                && (byte == TextByte.lineFeed || byte == TextByte.carriageReturn
                                    || byte == 0))
                        {
                            break
                        }
                        scan += 1
                    }
                    isFast = false
                    if scan + 2 < end && bytes[scan] == TextByte.quote {
                        let next = bytes[scan + 1]
                        if next == delimiter {
                            try appendField(from: index + 1, to: scan, unescaping: false)
                            index = scan + 2
                            isFast = true
                        } else if next == TextByte.lineFeed || next == TextByte.carriageReturn {
                            try appendField(from: index + 1, to: scan, unescaping: false)
                            index = scan + 2
                            line += 1
                            anchorIndex = index
                            anchorColumn = 1
                            afterCR = next == TextByte.carriageReturn
                            return try finish()
                        }
                    }
                    if !isFast {
                        // Anything else: the bytes up to `scan` are plain text of a quoted field.
                        fieldStart = index + 1
                        index = scan
                        hasEscapes = false
                        state = .quoted
                    }
                }

            case .unquoted:
                var scan = index
                while scan < end {
                    let byte = bytes[scan]
                    if byte == delimiter
                        || (byte <= TextByte.carriageReturn
                            && (byte == TextByte.lineFeed || byte == TextByte.carriageReturn
                                || byte == 0))
                    {
                        break
                    }
                    scan += 1
                }
                index = scan
                if scan == end {
                    continue
                }
                let byte = bytes[scan]
                if byte == 0 {
                    throw nulError(at: scan)
                }
                try appendField(from: fieldStart, to: scan, unescaping: false)
                index = scan + 1
                if byte == delimiter {
                    state = .fieldStart
                } else {
                    line += 1
                    anchorIndex = index
                    anchorColumn = 1
                    afterCR = byte == TextByte.carriageReturn
                    return try finish()
                }

            case .quoted:
                var scan = index
                while scan < end {
                    let byte = bytes[scan]
                    if byte == TextByte.quote
                        || (byte <= TextByte.carriageReturn
                            && (byte == TextByte.lineFeed || byte == TextByte.carriageReturn
                                || byte == 0))
                    {
                        break
                    }
                    scan += 1
                }
                index = scan
                if scan == end {
                    continue
                }
                let byte = bytes[scan]
                index = scan + 1
                switch byte {
                case TextByte.quote:
                    state = .quoteInQuoted
                case TextByte.lineFeed:
                    line += 1
                    anchorIndex = index
                    anchorColumn = 1
                case TextByte.carriageReturn:
                    line += 1
                    anchorIndex = index
                    anchorColumn = 1
                    hasEscapes = true
                    state = .quotedAfterCR
                default:
                    throw nulError(at: scan)
                }

            case .quotedAfterCR:
                if bytes[index] == TextByte.lineFeed {
                    index += 1
                    anchorIndex = index
                }
                state = .quoted

            case .quoteInQuoted:
                let byte = bytes[index]
                if byte == TextByte.quote {
                    hasEscapes = true
                    index += 1
                    state = .quoted
                } else if byte == delimiter {
                    try appendField(from: fieldStart, to: index - 1, unescaping: hasEscapes)
                    index += 1
                    state = .fieldStart
                } else if byte == TextByte.lineFeed || byte == TextByte.carriageReturn {
                    try appendField(from: fieldStart, to: index - 1, unescaping: hasEscapes)
                    index += 1
                    line += 1
                    anchorIndex = index
                    anchorColumn = 1
                    afterCR = byte == TextByte.carriageReturn
                    return try finish()
                } else {
                    throw textAfterClosingQuote(
                        at: index, bytes: bytes, end: end, line: line, column: column(at: index),
                        fieldLine: fieldLine, fieldColumn: fieldColumn)
                }
            }
        }
    }

    private func growSpans() {
        let larger = UnsafeMutablePointer<FieldSpan>.allocate(capacity: spanCapacity * 2)
        larger.update(from: spans, count: spanCapacity)
        spans.deallocate()
        spans = larger
        spanCapacity *= 2
    }

    private func textAfterClosingQuote(
        at index: Int, bytes: UnsafePointer<UInt8>, end: Int, line: Int, column: Int,
        fieldLine: Int, fieldColumn: Int
    ) -> CRMEnvError {
        // Show the character that follows, whole even when it is several bytes long.
        var stop = index + 1
        while stop < end && bytes[stop] & 0xC0 == 0x80 {
            stop += 1
        }
        let character = String(
            decoding: UnsafeBufferPointer(start: bytes + index, count: stop - index),
            as: UTF8.self)
        var message = "unexpected '\(character)' after the closing quote of a field"
        if fieldLine != line {
            message +=
                " (the quoted field opens at line \(fieldLine), column \(fieldColumn): "
                + "is its closing quote missing?)"
        }
        return .invalidInput(
            location: SourceLocation(file: displayName, line: line, column: column),
            message: message,
            fix: "put a delimiter or a line end after the closing quote, and double every quote "
                + "inside a quoted field (\"\")")
    }

    /// The text of a quoted field that holds doubled quotes or CRs: `""` becomes `"`, CRLF and
    /// CR become LF.
    private func unescape(_ start: UnsafePointer<UInt8>, count: Int) -> String {
        unescaped.removeAll(keepingCapacity: true)
        var index = 0
        while index < count {
            let byte = start[index]
            if byte == TextByte.quote {
                // Inside a quoted field a quote is always the first of a pair.
                unescaped.append(TextByte.quote)
                index += 2
            } else if byte == TextByte.carriageReturn {
                unescaped.append(TextByte.lineFeed)
                index += 1
                if index < count && start[index] == TextByte.lineFeed {
                    index += 1
                }
            } else {
                unescaped.append(byte)
                index += 1
            }
        }
        return String(decoding: unescaped, as: UTF8.self)
    }
}

/// Where a field of the record being read is in the text window, and where it starts in the file.
private struct FieldSpan {
    var start: Int
    var end: Int
    var column: Int
    var line: Int
    /// Whether the field holds doubled quotes or CRs to rewrite.
    var isEscaped: Bool
}

/// The ASCII bytes the text readers look for.
enum TextByte {
    static let tab: UInt8 = 0x09
    static let lineFeed: UInt8 = 0x0A
    static let carriageReturn: UInt8 = 0x0D
    static let space: UInt8 = 0x20
    static let quote: UInt8 = 0x22
    static let comma: UInt8 = 0x2C
    static let colon: UInt8 = 0x3A
    static let semicolon: UInt8 = 0x3B
    static let equals: UInt8 = 0x3D
    static let backslash: UInt8 = 0x5C
}
