/// One result row: values in column order, with the column names shared by all rows of a query.
public struct Row: Hashable, Sendable {
    /// The names of the columns, in order.
    public let columns: [String]
    /// The values, in column order.
    public let values: [DatabaseValue]

    public init(columns: [String], values: [DatabaseValue]) {
        self.columns = columns
        self.values = values
    }

    /// The value of the column named `name`, or NULL when there is no such column.
    public subscript(name: String) -> DatabaseValue {
        guard let index = columns.firstIndex(of: name) else { return .null }
        return values[index]
    }

    /// The value at `index`.
    public subscript(index: Int) -> DatabaseValue {
        values[index]
    }
}
