extension Workspace {
    /// Opens the environment a data-entry command targets, for writing.
    ///
    /// Data entry (values, imports) only ever writes TEST: asking for LIVE is refused here,
    /// before LIVE is even opened, with a message that names `crmenv promote`.
    ///
    /// - parameter action: what the command does, for the refusal ("add a lead-status value").
    /// - parameter holder: the command, for the message a second writer gets.
    public func openForDataEntry(_ name: EnvironmentName, action: String, holder: String) throws
        -> Environment
    {
        guard name == .test else {
            throw CRMEnvError.liveIsProtected(action: action)
        }
        return try open(.test, access: .write(holder: holder))
    }
}
