/// The SQLite store is the first backend behind the ports.
extension SessionStore: SessionPort, RosterPort, CampaignPort, OutboxPort, TimerPort, AuditPort,
    ConfirmationPort, UnitOfWork
{
    public var isInsideTransaction: Bool { database.isInsideTransaction }

    public func close() {
        database.close()
        releaseWriter()
    }
}
