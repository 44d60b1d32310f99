/// The dropdown values of one environment: read them anywhere, change them in TEST only.
public struct ValueStore {
    /// The environment the values live in; nil for a bare connection that is only read.
    public let environment: Environment?
    let connection: Connection

    public init(environment: Environment) {
        self.environment = environment
        self.connection = environment.connection
    }

    /// Reads values through a connection (an import's, a snapshot's); changes are refused.
    init(environment: Environment?, connection: Connection) {
        self.environment = environment
        self.connection = connection
    }

    func requireTestForWriting(_ action: String) throws {
        guard let environment else {
            throw CRMEnvError.liveIsProtected(action: action)
        }
        try environment.requireTestForWriting(action)
    }

    /// The values of `list`: stages in sequence order, the others by code.
    public func values(of list: ValueList) throws -> [DropdownValue] {
        let order = list == .opportunityStage ? "sequence, code" : "code"
        let statement = try connection.prepare(
            "SELECT \(Self.columns(of: list)) FROM \(list.table) ORDER BY \(order)")
        var values: [DropdownValue] = []
        while try statement.step() {
            values.append(Self.value(from: statement, list: list))
        }
        return values
    }

    /// The value `code` of `list`, or nil.
    public func value(_ code: String, in list: ValueList) throws -> DropdownValue? {
        let statement = try connection.prepare(
            "SELECT \(Self.columns(of: list)) FROM \(list.table) WHERE code = ?")
        try statement.bind([.text(code)])
        guard try statement.step() else { return nil }
        return Self.value(from: statement, list: list)
    }

    /// The number of values in `list`.
    public func count(of list: ValueList, activeOnly: Bool = false) throws -> Int {
        Int(
            try connection.integer(
                "SELECT count(*) FROM \(list.table)" + (activeOnly ? " WHERE active = 1" : "")))
    }

    /// Adds a value to `list` in TEST.
    ///
    /// - throws: `CRMEnvError.invalidValue` listing every problem with the value,
    ///   `.duplicateCode` when the code exists, `.liveIsProtected` outside TEST.
    public func add(_ value: DropdownValue, to list: ValueList) throws {
        try requireTestForWriting("add a \(list.name) value")
        let value = Self.withDefaults(value, for: list)
        let problems = value.problems(for: list)
        guard problems.isEmpty else {
            throw CRMEnvError.invalidValue(list: list, code: value.code, problems: problems)
        }
        try connection.inTransaction {
            guard try self.value(value.code, in: list) == nil else {
                throw CRMEnvError.duplicateCode(list: list, code: value.code)
            }
            try insert(value, into: list)
        }
    }

    /// What `set` changes; nil fields are left as they are.
    public struct Change: Equatable, Sendable {
        public var description: String?
        public var outcome: DropdownValue.Outcome?
        public var chanceToClose: Int?
        public var sequence: Int?
        public var isActive: Bool?

        public init(
            description: String? = nil, outcome: DropdownValue.Outcome? = nil,
            chanceToClose: Int? = nil, sequence: Int? = nil, isActive: Bool? = nil
        ) {
            self.description = description
            self.outcome = outcome
            self.chanceToClose = chanceToClose
            self.sequence = sequence
            self.isActive = isActive
        }

        /// True when the change changes nothing.
        public var isEmpty: Bool { self == Change() }
    }

    /// Changes an existing value of `list` in TEST and returns it as it is now.
    ///
    /// - throws: `CRMEnvError.unknownCode` (with the nearest code), `.invalidValue`,
    ///   `.nothingToChange` for an empty change, `.liveIsProtected` outside TEST.
    @discardableResult
    public func update(_ code: String, in list: ValueList, with change: Change) throws
        -> DropdownValue
    {
        try requireTestForWriting("change a \(list.name) value")
        guard !change.isEmpty else {
            throw CRMEnvError.nothingToChange(list: list, code: code)
        }
        return try connection.inTransaction {
            guard var value = try self.value(code, in: list) else {
                throw try unknownCode(code, in: list)
            }
            if let description = change.description { value.description = description }
            if let outcome = change.outcome { value.outcome = outcome }
            if let chance = change.chanceToClose { value.chanceToClose = chance }
            if let sequence = change.sequence { value.sequence = sequence }
            if let isActive = change.isActive { value.isActive = isActive }
            let problems = value.problems(for: list)
            guard problems.isEmpty else {
                throw CRMEnvError.invalidValue(list: list, code: code, problems: problems)
            }
            try replace(value, in: list)
            return value
        }
    }

    /// The error for a code that does not exist, suggesting the nearest one that does.
    func unknownCode(_ code: String, in list: ValueList) throws -> CRMEnvError {
        let codes = try values(of: list).map(\.code)
        return .unknownCode(
            list: list, code: code, suggestion: Suggestion.nearest(to: code, in: codes))
    }

    // MARK: - Rows

    static func columns(of list: ValueList) -> String {
        (["code", "description", "active"] + list.extraColumns.map(\.rawValue))
            .joined(separator: ", ")
    }

    static func value(from statement: Statement, list: ValueList) -> DropdownValue {
        var value = DropdownValue(
            code: statement.string(at: 0) ?? "",
            description: statement.string(at: 1) ?? "",
            isActive: statement.int64(at: 2) != 0)
        for (offset, column) in list.extraColumns.enumerated() {
            let index = 3 + offset
            switch column {
            case .outcome:
                value.outcome = statement.string(at: index).flatMap(DropdownValue.Outcome.init)
            case .chanceToClose:
                value.chanceToClose = Int(statement.int64(at: index))
            case .sequence:
                value.sequence = Int(statement.int64(at: index))
            }
        }
        return value
    }

    /// The value with the list's defaults filled in: outcome `open`, chance 0, sequence 0.
    static func withDefaults(_ value: DropdownValue, for list: ValueList) -> DropdownValue {
        var value = value
        switch list {
        case .opportunityStatus:
            value.outcome = value.outcome ?? .open
        case .opportunityStage:
            value.chanceToClose = value.chanceToClose ?? 0
            value.sequence = value.sequence ?? 0
        default:
            break
        }
        return value
    }

    static func arguments(of value: DropdownValue, for list: ValueList) -> [DatabaseValue] {
        var arguments: [DatabaseValue] = [
            .text(value.code), .text(value.description), DatabaseValue(value.isActive),
        ]
        for column in list.extraColumns {
            switch column {
            case .outcome: arguments.append(.text((value.outcome ?? .open).rawValue))
            case .chanceToClose: arguments.append(DatabaseValue(value.chanceToClose ?? 0))
            case .sequence: arguments.append(DatabaseValue(value.sequence ?? 0))
            }
        }
        return arguments
    }

    func insert(_ value: DropdownValue, into list: ValueList) throws {
        let placeholders = Array(repeating: "?", count: 3 + list.extraColumns.count)
            .joined(separator: ", ")
        try connection.execute(
            "INSERT INTO \(list.table) (\(Self.columns(of: list))) VALUES (\(placeholders))",
            Self.arguments(of: value, for: list))
    }

    func replace(_ value: DropdownValue, in list: ValueList) throws {
        let assignments = (["description", "active"] + list.extraColumns.map(\.rawValue))
            .map { "\($0) = ?" }.joined(separator: ", ")
        var arguments = Self.arguments(of: value, for: list)
        arguments.append(arguments.removeFirst())
        try connection.execute(
            "UPDATE \(list.table) SET \(assignments) WHERE code = ?", arguments)
    }
}
