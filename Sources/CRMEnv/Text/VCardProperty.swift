/// One content line of a vCard (`group.NAME;PARAM=value:value`), unfolded, with its value
/// still encoded and escaped.
struct VCardProperty {
    /// The name in uppercase, without its group (`item1.EMAIL` is "EMAIL").
    var name: String
    /// The name as the file writes it, group included, for messages.
    var spelledName: String
    var parameters: VCardParameters
    /// The raw value: unfolded, quoted-printable soft line breaks joined; empty when skipped.
    var value: [UInt8]
    /// The physical line the property starts on.
    var line: Int
    /// Whether the reader did not keep the value (PHOTO, unknown properties).
    var isSkipped: Bool

    /// Splits the part before the colon into the name and the parameters.
    ///
    /// Handles `TYPE=work,pref`, repeated `TYPE=`, vCard 2.1's bare `WORK;PREF;QUOTED-PRINTABLE`
    /// and vCard 4.0's quoted values (`TYPE="work,voice"`), all case-insensitive.
    static func parseHead(_ head: ArraySlice<UInt8>) -> (
        name: String, spelled: String, parameters: VCardParameters
    ) {
        var tokens: [String] = []
        var current: [UInt8] = []
        var inQuotes = false
        for byte in head {
            if byte == TextByte.quote {
                inQuotes.toggle()
                current.append(byte)
            } else if byte == TextByte.semicolon && !inQuotes {
                tokens.append(String(decoding: current, as: UTF8.self))
                current.removeAll(keepingCapacity: true)
            } else {
                current.append(byte)
            }
        }
        tokens.append(String(decoding: current, as: UTF8.self))

        let spelled = String(TextCleaning.trimmingWhitespace(tokens[0]))
        var name = spelled.uppercased()
        if let dot = name.lastIndex(of: ".") {
            name = String(name[name.index(after: dot)...])
        }
        var parameters = VCardParameters()
        for token in tokens.dropFirst() {
            parameters.add(String(TextCleaning.trimmingWhitespace(token)))
        }
        return (name, spelled, parameters)
    }

    /// The index of the colon that ends the name and parameters: the first one outside quoted
    /// parameter values, or simply the first one when the quotes do not balance.
    static func colonIndex(in bytes: [UInt8]) -> Int? {
        var inQuotes = false
        var inParameters = false
        for (index, byte) in bytes.enumerated() {
            if byte == TextByte.quote && inParameters {
                inQuotes.toggle()
            } else if !inQuotes {
                if byte == TextByte.semicolon {
                    inParameters = true
                } else if byte == TextByte.colon {
                    return index
                }
            }
        }
        return bytes.firstIndex(of: TextByte.colon)
    }

    /// The value as text: quoted-printable or base64 decoded and read in its charset, line
    /// breaks as "\n". Backslash escapes are still there.
    var decodedText: String {
        let bytes: [UInt8]
        switch parameters.encoding {
        case "QUOTED-PRINTABLE":
            bytes = Self.decodeQuotedPrintable(value, charset: parameters.charset)
        case "B", "BASE64":
            bytes = Self.decodeBase64(value) ?? value
        default:
            bytes = value
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The value as unescaped text, trimmed.
    var text: String {
        String(TextCleaning.trimmingWhitespace(Self.unescape(decodedText)))
    }

    /// The components of a structured value (N, ADR, ORG), split at unescaped semicolons,
    /// unescaped and trimmed.
    var components: [String] {
        Self.splitAtUnescapedSemicolons(decodedText).map {
            String(TextCleaning.trimmingWhitespace(Self.unescape($0)))
        }
    }

    /// Decodes `=XX` escapes; the decoded bytes are read in `charset` (UTF-8 unless it names
    /// ISO-8859-1 or Windows-1252; invalid UTF-8 falls back to Windows-1252). Returns UTF-8.
    static func decodeQuotedPrintable(_ value: [UInt8], charset: String?) -> [UInt8] {
        let isSingleByte = charset.map { isSingleByteCharset($0) } ?? false
        if !isSingleByte {
            let bytes = decodeQuotedPrintable(value, mappingEscapedBytesFrom1252: false)
            if String(validating: bytes, as: UTF8.self) != nil {
                return bytes
            }
        }
        return decodeQuotedPrintable(value, mappingEscapedBytesFrom1252: true)
    }

    private static func decodeQuotedPrintable(
        _ value: [UInt8], mappingEscapedBytesFrom1252: Bool
    ) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(value.count)
        var index = 0
        while index < value.count {
            let byte = value[index]
            if byte == TextByte.equals && index + 2 < value.count,
                let high = hexValue(value[index + 1]), let low = hexValue(value[index + 2])
            {
                let decoded = high << 4 | low
                if mappingEscapedBytesFrom1252 && decoded >= 0x80 {
                    var scalar: [UInt8] = [0, 0, 0, 0]
                    let count = scalar.withUnsafeMutableBufferPointer { buffer -> Int in
                        guard let base = buffer.baseAddress else { return 0 }
                        return TextFileDecoder.encodeUTF8(
                            TextEncoding.windows1252Scalar(decoded), into: base)
                    }
                    output.append(contentsOf: scalar[0..<count])
                } else {
                    output.append(decoded)
                }
                index += 3
            } else {
                output.append(byte)
                index += 1
            }
        }
        return output
    }

    static func isSingleByteCharset(_ charset: String) -> Bool {
        let name = charset.lowercased().filter { $0 != "-" && $0 != "_" }
        return name.hasPrefix("iso8859") || name == "latin1" || name.hasPrefix("windows125")
            || name.hasPrefix("cp125") || name == "ansi"
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: return byte - 0x30
        case 0x41...0x46: return byte - 0x41 + 10
        case 0x61...0x66: return byte - 0x61 + 10
        default: return nil
        }
    }

    /// Decodes base64, ignoring whitespace; nil when it is not base64.
    static func decodeBase64(_ value: [UInt8]) -> [UInt8]? {
        var output: [UInt8] = []
        var accumulator: UInt32 = 0
        var bits = 0
        for byte in value {
            let digit: UInt32
            switch byte {
            case 0x41...0x5A: digit = UInt32(byte - 0x41)
            case 0x61...0x7A: digit = UInt32(byte - 0x61 + 26)
            case 0x30...0x39: digit = UInt32(byte - 0x30 + 52)
            case 0x2B: digit = 62
            case 0x2F: digit = 63
            case TextByte.equals, TextByte.space, TextByte.tab: continue
            default: return nil
            }
            accumulator = accumulator << 6 | digit
            bits += 6
            if bits >= 8 {
                bits -= 8
                output.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
            }
        }
        return output
    }

    /// Splits at semicolons that no backslash escapes; escapes stay for `unescape`.
    static func splitAtUnescapedSemicolons(_ text: String) -> [String] {
        var parts: [String] = []
        var current = String.UnicodeScalarView()
        var isEscaped = false
        for scalar in text.unicodeScalars {
            if isEscaped {
                current.append("\\")
                current.append(scalar)
                isEscaped = false
            } else if scalar == "\\" {
                isEscaped = true
            } else if scalar == ";" {
                parts.append(String(current))
                current = String.UnicodeScalarView()
            } else {
                current.append(scalar)
            }
        }
        if isEscaped {
            current.append("\\")
        }
        parts.append(String(current))
        return parts
    }

    /// Resolves `\n` `\N` `\,` `\;` `\:` `\\`, and turns CRLF and CR into "\n". Any other
    /// backslash stays as it is (a Windows path in a note).
    static func unescape(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        var isEscaped = false
        var afterCR = false
        for scalar in text.unicodeScalars {
            if afterCR {
                afterCR = false
                if scalar == "\n" {
                    continue
                }
            }
            if isEscaped {
                isEscaped = false
                switch scalar {
                case "n", "N": result.append("\n")
                case ",", ";", ":", "\\": result.append(scalar)
                default:
                    result.append("\\")
                    result.append(scalar)
                }
            } else if scalar == "\\" {
                isEscaped = true
            } else if scalar == "\r" {
                result.append("\n")
                afterCR = true
            } else {
                result.append(scalar)
            }
        }
        if isEscaped {
            result.append("\\")
        }
        return String(result)
    }
}

/// The parameters of a vCard property that crmenv looks at.
struct VCardParameters {
    /// Lowercase TYPE values ("mobile" as "cell"), without "pref".
    var types: Set<String> = []
    /// ENCODING in uppercase: "QUOTED-PRINTABLE", "BASE64", "B", "8BIT".
    var encoding: String?
    /// CHARSET as written.
    var charset: String?
    /// VALUE in lowercase, such as "uri" or "text".
    var valueType: String?
    /// The preference: 1 for `TYPE=pref` or a bare `PREF`, the number for 4.0's `PREF=n`.
    var preference: Int?

    /// Adds one parameter: `NAME=value[,value]` or a bare vCard 2.1 value.
    mutating func add(_ token: String) {
        guard !token.isEmpty else { return }
        guard let equals = token.firstIndex(of: "=") else {
            let bare = token.uppercased()
            switch bare {
            case "QUOTED-PRINTABLE", "BASE64", "8BIT", "7BIT":
                encoding = bare
            default:
                addType(bare)
            }
            return
        }
        let key = String(TextCleaning.trimmingWhitespace(token[..<equals])).uppercased()
        var value = String(TextCleaning.trimmingWhitespace(token[token.index(after: equals)...]))
        if value.count >= 2 && value.first == "\"" && value.last == "\"" {
            value = String(value.dropFirst().dropLast())
        }
        switch key {
        case "TYPE":
            for type in value.split(separator: ",") {
                addType(String(TextCleaning.trimmingWhitespace(type)))
            }
        case "ENCODING":
            encoding = value.uppercased()
        case "CHARSET":
            charset = value
        case "VALUE":
            valueType = value.lowercased()
        case "PREF":
            preference = min(preference ?? Int.max, Int(value) ?? 1)
        default:
            break
        }
    }

    private mutating func addType(_ type: String) {
        let type = type.lowercased()
        switch type {
        case "":
            break
        case "pref":
            preference = min(preference ?? Int.max, 1)
        case "mobile":
            types.insert("cell")
        default:
            types.insert(type)
        }
    }
}
