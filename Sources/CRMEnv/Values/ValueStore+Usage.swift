import Foundation

/// How many records use a value, per `table.column`, in TEST and in LIVE.
public struct ValueUsage: Sendable, Equatable {
    public var test: [String: Int]
    public var live: [String: Int]

    public var isEmpty: Bool { test.isEmpty && live.isEmpty }

    /// `3 opportunity.lost_reason in LIVE, 1 in TEST`.
    public var summary: String {
        func part(_ counts: [String: Int], _ name: String) -> [String] {
            counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key) in \(name)" }
        }
        return (part(live, "LIVE") + part(test, "TEST")).joined(separator: ", ")
    }
}

extension ValueStore {
    /// Records of `connection` using `code` of `list`, per `table.column`.
    static func usage(of code: String, in list: ValueList, on connection: Connection) throws
        -> [String: Int]
    {
        var counts: [String: Int] = [:]
        for reference in list.usages {
            let count = try connection.integer(
                "SELECT count(*) FROM \(reference.table) WHERE \(reference.column) = ?",
                [.text(code)])
            if count > 0 { counts["\(reference.table).\(reference.column)"] = Int(count) }
        }
        return counts
    }

    /// Moves TEST's records from one value to another, in every column that uses the list.
    func move(_ list: ValueList, from old: String, to new: String) throws {
        for reference in list.usages {
            try connection.execute(
                "UPDATE \(reference.table) SET \(reference.column) = ? WHERE \(reference.column) = ?",
                [.text(new), .text(old)])
        }
    }

    func recordRemap(_ list: ValueList, from old: String, to new: String) throws {
        try connection.execute(
            "INSERT OR REPLACE INTO crmenv_rename (list, old_code, new_code, renamed_at) "
                + "VALUES (?, ?, ?, ?)",
            [.text(list.name), .text(old), .text(new), .text(Timestamp.string(from: Date()))])
    }

    /// Retires `code` in TEST: it stays for the records that use it, marked inactive.
    ///
    /// When records in TEST or LIVE use the value, `remap` (to another active value of the
    /// list) is required: TEST's records move to it now, in the same transaction, and LIVE's
    /// at promotion.
    ///
    /// - throws: `CRMEnvError.valueInUse` naming the counts, `.unknownCode`, `.alreadyRetired`,
    ///   `.invalidRemap`, `.liveIsProtected`.
    @discardableResult
    public func retire(_ code: String, in list: ValueList, remap: Remap? = nil, live: Connection?)
        throws -> ValueUsage
    {
        try requireTestForWriting("retire a \(list.name) value")
        return try connection.inTransaction {
            guard var value = try self.value(code, in: list) else {
                throw try unknownCode(code, in: list)
            }
            guard value.isActive else {
                throw CRMEnvError.alreadyRetired(list: list, code: code)
            }
            let usage = ValueUsage(
                test: try Self.usage(of: code, in: list, on: connection),
                live: try live.map { try Self.usage(of: code, in: list, on: $0) } ?? [:])
            if let remap {
                try checkRemap(remap, list: list, old: code, allowedTarget: nil)
                try move(list, from: code, to: remap.new)
                try recordRemap(list, from: code, to: remap.new)
            } else if !usage.isEmpty {
                throw CRMEnvError.valueInUse(
                    list: list, code: code, action: "retire", usage: usage.summary,
                    remap: "\(list.name):\(code)=NEW")
            }
            value.isActive = false
            try replace(value, in: list)
            return usage
        }
    }

    /// Renames a value in TEST: the new code takes the old one's description and attributes,
    /// TEST's records move to it, the old code goes. Promoting it moves LIVE's records too
    /// (with `--remap` at promotion when LIVE uses the value).
    ///
    /// - throws: `CRMEnvError.valueInUse` when records use the value and no remap to the new
    ///   code was given; `.duplicateCode`, `.unknownCode`, `.invalidValue`.
    @discardableResult
    public func rename(
        _ old: String, to new: String, in list: ValueList, remap: Remap? = nil, live: Connection?
    ) throws -> ValueUsage {
        try requireTestForWriting("rename a \(list.name) value")
        return try connection.inTransaction {
            guard var value = try self.value(old, in: list) else {
                throw try unknownCode(old, in: list)
            }
            guard try self.value(new, in: list) == nil else {
                throw CRMEnvError.duplicateCode(list: list, code: new)
            }
            value.code = new
            let problems = value.problems(for: list)
            guard problems.isEmpty else {
                throw CRMEnvError.invalidValue(list: list, code: new, problems: problems)
            }
            let usage = ValueUsage(
                test: try Self.usage(of: old, in: list, on: connection),
                live: try live.map { try Self.usage(of: old, in: list, on: $0) } ?? [:])
            if let remap {
                try checkRemap(remap, list: list, old: old, allowedTarget: new)
            } else if !usage.isEmpty {
                throw CRMEnvError.valueInUse(
                    list: list, code: old, action: "rename", usage: usage.summary,
                    remap: "\(list.name):\(old)=\(new)")
            }
            try insert(value, into: list)
            try move(list, from: old, to: new)
            try connection.execute("DELETE FROM \(list.table) WHERE code = ?", [.text(old)])
            try recordRemap(list, from: old, to: new)
            return usage
        }
    }

    /// Checks a remap given with a rename or retire in TEST.
    private func checkRemap(_ remap: Remap, list: ValueList, old: String, allowedTarget: String?)
        throws
    {
        guard remap.list == list, remap.old == old else {
            throw CRMEnvError.invalidRemap(
                remap: remap.description,
                reason:
                    "it does not move \(list.name) '\(old)'; write --remap \(list.name):\(old)=NEW")
        }
        if let allowedTarget {
            guard remap.new == allowedTarget else {
                throw CRMEnvError.invalidRemap(
                    remap: remap.description,
                    reason: "a rename moves the records to the new code; write --remap "
                        + "\(list.name):\(old)=\(allowedTarget)")
            }
            return
        }
        guard remap.new != old else {
            throw CRMEnvError.invalidRemap(
                remap: remap.description, reason: "it moves the records nowhere")
        }
        guard let target = try value(remap.new, in: list) else {
            throw CRMEnvError.invalidRemap(
                remap: remap.description,
                reason: "\(list.name) '\(remap.new)' does not exist; add it first")
        }
        guard target.isActive else {
            throw CRMEnvError.invalidRemap(
                remap: remap.description, reason: "\(list.name) '\(remap.new)' is retired")
        }
    }
}
