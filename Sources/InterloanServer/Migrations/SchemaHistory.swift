import Fluent

/// Every schema change, oldest first. A migration's place here is its order; once released it never moves.
enum SchemaHistory {
    static var migrations: [any Migration] {
        [
            CreateDirectory(),
            CreateRequests(),
            AddQueueOrderIndexes(),
            CreatePartners(),
            CreateHoldings(),
            CreateLendingAvailability(),
            SplitHoldingKeys(),
            CreateMailOutbox(),
            CreateCourierCalendar(),
            CreateClaims(),
            CreateAnnouncementLists(),
            CreateSitePages(),
            ClusterHoldingKeysByLibrary(),
            CreateHoldingFilters(),
            SessionRecord.migration,
            StoreHoldingsInBlocks(),
            CreateWebSessions(),
            StageHoldingImports(),
            CreateILSConnections(),
            CreateILSCalls(),
            AddNullableColumn("020_AddRequestOpenURL", table: RequestRecord.table, column: "open_url", kind: .text),
            AddNullableColumn(
                "021_AddPatronRetentionDays", table: LibraryModel.schema, column: "patron_retention_days",
                kind: .integer),
            CreatePatrons(),
            AddPatronPortal(),
            CreateOutsideRequests(),
            CreateDocuments(),
            CreateDocumentLinks(),
            CreateCopyrightLedger(),
            CreateReportMonths(),
            OrderDueILSCalls(),
            IndexPatronAsks(),
            CreateRequestCounts(),
            CreateReportLedger(),
            IndexPatronIdentities(),
        ]
    }
}
