import CRMEnv

/// Change items as lines for people: a value list's items on one line (their ids are
/// `values:<list>:<code>`), other items one per line.
enum ItemLines {
    /// - parameter suffix: what to add to a line for its items (vetting state, vetter).
    static func lines(_ items: [ChangeItem], suffix: ([ChangeItem]) -> String) -> [String] {
        var lines: [String] = []
        var shownLists = Set<String>()
        for item in items {
            guard item.kind == .value else {
                lines.append("\(item.id)  \(item.title)\(suffix([item]))")
                continue
            }
            let listName = String(item.id.split(separator: ":")[1])
            guard shownLists.insert(listName).inserted else { continue }
            let members = items.filter {
                $0.kind == .value && $0.id.hasPrefix("values:\(listName):")
            }
            let summary =
                members.count == 1
                ? members[0].title
                : "\(members.count) values: "
                    + members.map { String($0.id.split(separator: ":", maxSplits: 2)[2]) }
                    .joined(separator: ", ")
            lines.append("values:\(listName)  \(summary)\(suffix(members))")
        }
        return lines
    }
}
