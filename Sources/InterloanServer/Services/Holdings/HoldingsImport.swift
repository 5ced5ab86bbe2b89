import Fluent
import Foundation
import InterloanCore
import Logging
import SQLKit

/// Reads a holdings file in whichever format its bytes are and stores what it holds for one library, all at once:
/// with `replace`,
/// the library's previous holdings go in the same write that brings the new ones in, so a failure leaves the old
/// set.
struct HoldingsImport {
    /// The formats by the names the upload API accepts.
    static let formatNames: [String: HoldingsFormat] = [
        "csv": .csv, "xml": .marcxml, "marcxml": .marcxml, "mrc": .iso2709, "marc": .iso2709,
    ]

    /// Why a file cannot be imported at all.
    struct Refusal: Error, CustomStringConvertible {
        let description: String
    }

    /// Reads `bytes` in the format they are in, whatever the file is called.
    static func read(_ bytes: [UInt8], fileName: String) throws -> HoldingsFile {
        guard let format = HoldingsFormat.detect(bytes) else {
            throw Refusal(
                description:
                    "\(fileName) is none of the formats read: MARCXML (starts with <), binary MARC (ISO 2709, starts "
                    + "with a record leader) or CSV (starts with a header line of column names separated by commas)")
        }
        return self.read(bytes, format: format)
    }

    static func read(_ bytes: [UInt8], format: HoldingsFormat) -> HoldingsFile {
        switch format {
        case .csv: CSVHoldingsReader.read(bytes: bytes)
        case .marcxml: MARCXMLHoldingsReader.read(bytes)
        case .iso2709: ISO2709Reader.read(bytes)
        }
    }

    /// `work` on a Dispatch thread: Swift's cooperative threads, as many as cores, stay free to carry the
    /// transaction on meanwhile instead of waiting for a block to be made.
    private static func computed<Value: Sendable>(_ work: @escaping @Sendable () -> Value) -> Task<Value, Never> {
        Task {
            await withCheckedContinuation { continuation in
                DispatchQueue.global().async { continuation.resume(returning: work()) }
            }
        }
    }

    /// Stores `file`'s holdings for `libraryID`; returns how many holdings the library has afterwards.
    ///
    /// The blocks (`HoldingBlockStore`) are made on other cores, and written as they are ready in small writes to
    /// the import's stage (`HoldingImportStage`); one short write then swaps them in, so no other write waits
    /// for a whole file and readers see the old holdings or the new, never a part. They number the records from
    /// 1 when a replace leaves none; an import that adds to a library's holdings numbers its records after the
    /// last one and merges its keys into the library's key blocks.
    static func store(
        _ file: HoldingsFile, libraryID: Int, replace: Bool, reads: any SQLDatabase, writes: Writes, now: Date,
        logger: Logger
    ) async throws -> Int {
        let holdings = file.holdings
        let last = try await HoldingBlockStore.lastRecord(of: libraryID, on: reads)
        let firstRecord = replace ? 1 : last + 1
        let records = Self.computed { RecordBlock.blocks(of: holdings) }
        let stage = HoldingImportStage(writes: writes, now: now, firstHoldingsOf: last == 0 ? libraryID : nil)
        try await stage.purgeAbandoned()
        do {
            let filter: KeyFilter
            if replace || last == 0 {
                // The longest of these jobs, sorting the keys, split between the cores: keys before a middle key,
                // and the rest, each sorted and cut into blocks on its own.
                let middle = KeyBlock.middleKey(of: holdings)
                let keyRanges = [(nil, middle), (middle, nil)].prefix(middle == nil ? 1 : 2).map { lower, upper in
                    Self.computed { KeyBlock.blocks(of: holdings, firstRecord: firstRecord, from: lower, below: upper) }
                }
                let keyFilter = Self.computed {
                    var filter = KeyFilter(expectedKeys: holdings.reduce(0) { $0 + $1.keys.count })
                    for holding in holdings { for key in holding.keys { filter.insert(key) } }
                    return filter
                }
                try await stage.stage(await records.value, firstRecord: firstRecord)
                for range in keyRanges { try await stage.stage(await range.value) }
                filter = await keyFilter.value
            } else {
                var entries = try await HoldingBlockStore.keyEntries(of: libraryID, on: reads)
                for (offset, holding) in holdings.enumerated() {
                    for key in holding.keys {
                        entries.append(
                            HoldingKeyEntry(key: key, record: firstRecord + offset, lendable: holding.lendable))
                    }
                }
                try await stage.stage(await records.value, firstRecord: firstRecord)
                try await stage.stage(KeyBlock.blocks(of: entries))
                filter = KeyFilter(keys: entries.map(\.key))
            }
            return try await stage.swapIn(
                libraryID: libraryID, replacingRecords: replace, expectedLast: last, filter: filter)
        } catch {
            // The import's own failure is what the caller must hear of; a discard that fails too is logged, and
            // what it leaves staged is purged by a later import.
            do {
                try await stage.discard()
            } catch let discardFailure {
                logger.error("holdings import of library \(libraryID) left blocks behind: \(discardFailure)")
            }
            throw error
        }
    }
}
