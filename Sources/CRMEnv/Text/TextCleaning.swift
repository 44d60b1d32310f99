/// Small text helpers the readers share.
enum TextCleaning {
    /// `text` without whitespace (line breaks included) at either end.
    static func trimmingWhitespace<Text: StringProtocol>(_ text: Text) -> Text.SubSequence {
        guard let start = text.firstIndex(where: { !$0.isWhitespace }),
            let last = text.lastIndex(where: { !$0.isWhitespace })
        else {
            return text[text.endIndex...]
        }
        return text[start...last]
    }
}
