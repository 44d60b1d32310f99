import Foundation

/// What an undo did.
public struct UndoReport: Sendable {
    public var promotion: PromotionManifest
    /// LIVE just before the undo.
    public var preUndo: SnapshotManifest
}

extension Workspace {
    /// Finds a promotion by id, unique id prefix, or `latest`.
    public func promotion(_ reference: String) throws -> PromotionManifest {
        let all = try bundles.list()
        if reference == "latest" {
            guard let last = all.last else {
                throw CRMEnvError.unknownPromotion(
                    reference: reference, reason: "there is no promotion")
            }
            return last
        }
        guard SnapshotStore.isValidID(reference) else {
            throw CRMEnvError.unknownPromotion(
                reference: reference,
                reason: "it is not a promotion id ('crmenv log' shows them)")
        }
        let matches = all.filter { $0.id == reference || $0.id.hasPrefix(reference) }
        if let exact = matches.first(where: { $0.id == reference }) { return exact }
        switch matches.count {
        case 1: return matches[0]
        case 0:
            throw CRMEnvError.unknownPromotion(
                reference: reference, reason: "no promotion has that id ('crmenv log' shows them)")
        default:
            throw CRMEnvError.unknownPromotion(
                reference: reference,
                reason: "it is ambiguous: \(matches.count) promotions start so")
        }
    }

    /// Reverts one promotion by applying its stored inverse change set, in one transaction,
    /// after a pre-undo snapshot of LIVE.
    ///
    /// The inverse only applies to rows exactly as the promotion left them: if LIVE changed any
    /// of them since, the undo is refused (never partial) and the message names the
    /// pre-promotion snapshot to roll back to instead.
    public func undo(_ reference: String, by: String) throws -> UndoReport {
        let manifest = try promotion(reference)
        let test = try open(.test, access: .write(holder: "crmenv undo"))
        let live = try open(.live, access: .write(holder: "crmenv undo"))
        let connection = live.connection
        guard
            let row = try connection.rows(
                "SELECT undone_at, undone_by FROM crmenv_promotion WHERE id = ?",
                [.text(manifest.id)]
            ).first
        else {
            throw CRMEnvError.unknownPromotion(
                reference: manifest.id,
                reason: "it is not in LIVE (LIVE was rolled back to before it)")
        }
        if let at = row["undone_at"].stringValue {
            throw CRMEnvError.unknownPromotion(
                reference: manifest.id,
                reason: "it was already undone on \(at) by \(row["undone_by"].displayText)")
        }
        let inverse = try bundles.read(manifest.inverse, promotion: manifest.id)
        try connection.execute("BEGIN IMMEDIATE TRANSACTION")
        do {
            let (pre, _) = try liveWayBack(
                of: connection, reason: .preUndo, label: "before undo of \(manifest.id)", by: by)
            CrashPoint.reach("undo.snapshot-taken")
            try connection.execute("PRAGMA defer_foreign_keys = ON")
            if let conflict = try inverse.apply(to: connection) {
                throw CRMEnvError.undoRefused(
                    id: manifest.id,
                    reason: "LIVE changed rows of it since (\(conflict.table): "
                        + "\(Self.explain(conflict)))",
                    preSnapshot: manifest.preSnapshot)
            }
            do {
                try live.checkReferences(after: "the undo")
            } catch {
                throw CRMEnvError.undoRefused(
                    id: manifest.id,
                    reason: "LIVE has records added since that refer to rows it added",
                    preSnapshot: manifest.preSnapshot)
            }
            let now = Timestamp.string(from: Date())
            try connection.execute(
                "UPDATE crmenv_promotion SET undone_at = ?, undone_by = ? WHERE id = ?",
                [.text(now), .text(by), .text(manifest.id)])
            try connection.execute(
                "DELETE FROM crmenv_batch WHERE promotion_id = ?", [.text(manifest.id)])
            try live.checkIntegrity(after: "the undo")
            CrashPoint.reach("undo.applied")
            try connection.execute("COMMIT")
            try test.connection.execute(
                "UPDATE crmenv_batch SET promotion_id = NULL WHERE promotion_id = ?",
                [.text(manifest.id)])
            try moveBase(applying: inverse, promotion: manifest.id, forward: false, test: test)
            try auditLog.append(
                AuditEntry(
                    who: by, action: "undo", environment: .live, snapshots: [pre.id],
                    details: ["promotion": manifest.id]))
            return UndoReport(promotion: manifest, preUndo: pre)
        } catch {
            if connection.isInTransaction { try? connection.execute("ROLLBACK") }
            throw error
        }
    }

    private static func explain(_ conflict: Changeset.Conflict) -> String {
        switch conflict.kind {
        case .data:
            return
                "a row it \(conflict.operation == "delete" ? "would remove" : "would restore") was changed"
        case .notFound:
            return "a row it would \(conflict.operation == "insert" ? "restore" : "change") is gone"
        case .conflict: return "a row it would restore was added again"
        case .constraint: return "a constraint would fail"
        case .foreignKey: return "references would break"
        }
    }
}
