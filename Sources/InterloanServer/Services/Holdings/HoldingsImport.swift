import Fluent
import Foundation
import InterloanCore
import SQLKit

/// Reads a holdings file by its extension and stores what it holds for one library, in one transaction: with
/// `replace`, the library's previous holdings go in the same transaction, so a failure leaves the old set.
struct HoldingsImport {
    /// The formats by file extension.
    static let formats: [String: @Sendable ([UInt8]) -> HoldingsFile] = [
        "csv": CSVHoldingsReader.read(bytes:),
        "xml": MARCXMLHoldingsReader.read, "marcxml": MARCXMLHoldingsReader.read,
        "mrc": ISO2709Reader.read, "marc": ISO2709Reader.read,
    ]

    /// Why a file cannot be imported at all.
    struct Refusal: Error, CustomStringConvertible {
        let description: String
    }

    static func read(_ bytes: [UInt8], fileName: String) throws -> HoldingsFile {
        let extensionName = (fileName as NSString).pathExtension.lowercased()
        guard let reader = self.formats[extensionName] else {
            throw Refusal(
                description:
                    "\(fileName): the extension decides the format; use .csv, .xml or .marcxml (MARCXML), or .mrc (ISO 2709)"
            )
        }
        return reader(bytes)
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
    /// The blocks (`HoldingBlockStore`) are made on other cores while the database deletes what a replace
    /// removes. They number the records from 1, which is right for a library with none left; an import that
    /// adds to a library's holdings numbers its records after the last one and merges its keys into the
    /// library's key blocks.
    static func store(_ file: HoldingsFile, libraryID: Int, replace: Bool, on database: any Database) async throws
        -> Int
    {
        let holdings = file.holdings
        let records = Self.computed { RecordBlock.blocks(of: holdings) }
        // The longest of these jobs, sorting the keys, split between the cores: keys before a middle key, and
        // the rest, each sorted and cut into blocks on its own.
        let middle = KeyBlock.middleKey(of: holdings)
        let keyRanges = [(nil, middle), (middle, nil)].prefix(middle == nil ? 1 : 2).map { lower, upper in
            Self.computed { KeyBlock.blocks(of: holdings, firstRecord: 1, from: lower, below: upper) }
        }
        let filter = Self.computed {
            var filter = KeyFilter(expectedKeys: holdings.reduce(0) { $0 + $1.keys.count })
            for holding in holdings { for key in holding.keys { filter.insert(key) } }
            return filter
        }
        return try await database.transaction { transaction in
            let sql = transaction.asSQL
            if replace { try await HoldingBlockStore.deleteAll(of: libraryID, on: sql) }
            let last = try await HoldingBlockStore.lastRecord(of: libraryID, on: sql)
            try await HoldingBlockStore.insert(
                await records.value, firstRecord: last + 1, libraryID: libraryID, on: sql)
            if last == 0 {
                for range in keyRanges {
                    try await HoldingBlockStore.insert(await range.value, libraryID: libraryID, on: sql)
                }
                try await HoldingFilterRecord.write(await filter.value, libraryID: libraryID, on: sql)
            } else {
                var entries = try await HoldingBlockStore.keyEntries(of: libraryID, on: sql)
                for (offset, holding) in holdings.enumerated() {
                    for key in holding.keys {
                        entries.append(HoldingKeyEntry(key: key, record: last + 1 + offset, lendable: holding.lendable))
                    }
                }
                try await HoldingBlockStore.replaceKeys(of: libraryID, with: entries, on: sql)
                try await HoldingFilterRecord.write(KeyFilter(keys: entries.map(\.key)), libraryID: libraryID, on: sql)
            }
            return try await HoldingBlockStore.recordCount(of: libraryID, on: sql)
        }
    }
}
