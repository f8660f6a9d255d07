import TusoiStore

/// `--campaign CODE` on the command line, looked up in the store.
enum CampaignOption {
    /// No campaign has the code given: said to the operator, exit 65.
    struct Unknown: Error, CustomStringConvertible {
        var code: String
        var description: String { "no campaign with the code \(code)" }
    }

    /// The campaign named by `code`; nil when no code was given.
    ///
    /// - Throws: ``Unknown`` when no campaign has that code, or the store's error.
    static func find(_ code: String?, in store: any OperatorStore) throws -> CampaignRecord? {
        guard let code else { return nil }
        guard let found = try store.campaign(code: code) else { throw Unknown(code: code) }
        return found
    }
}
