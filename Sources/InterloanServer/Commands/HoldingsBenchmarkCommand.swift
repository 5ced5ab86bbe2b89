import Fluent
import Foundation
import InterloanCore
import SQLKit
import Vapor

/// `interloan holdings benchmark`: the holdings figures of BENCHMARKS.md, on an empty database. Generates a
/// union catalogue for `--libraries` member libraries holding `--holdings` in all (CSV, as libraries send it),
/// times the raw CSV parse and the whole import of the same bytes library by library, reports the database size
/// per million holdings, then times lender strings for random requests.
struct HoldingsBenchmarkCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "libraries", help: "Member libraries to create (default 600)")
        var libraries: Int?
        @Option(name: "holdings", help: "Holdings in all (default 10,000,000)")
        var holdings: Int?
        @Option(name: "requests", help: "Random requests to compute lender strings for (default 2,000)")
        var requests: Int?
    }

    var help: String { "Benchmarks holdings import and lender strings on an empty database (see BENCHMARKS.md)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        guard try await LibraryModel.query(on: app.db).count() == 0 else {
            throw CommandFailure("the benchmark needs an empty database: set INTERLOAN_DATABASE to a new file")
        }
        let libraryCount = signature.libraries ?? 600
        let total = signature.holdings ?? 10_000_000
        let perLibrary = max(1, total / libraryCount)
        // A catalogue of titles a third the size of all holdings: popular titles are held by several libraries.
        let catalogue = BenchmarkCatalogue(titles: max(1, total / 3))
        let ids = try await Self.seedLibraries(libraryCount, on: app)
        context.console.print(
            "libraries: \(libraryCount), holdings per library: \(perLibrary), titles: \(catalogue.count)")

        var random = SeededGenerator(seed: 10_000_000)
        var parseSeconds = 0.0
        var importSeconds = 0.0
        var storeSeconds = 0.0
        var stored = 0
        var bytes = 0
        for (index, libraryID) in ids.enumerated() {
            let csv = catalogue.csv(holdings: perLibrary, random: &random)
            bytes += csv.count
            let parseStart = ContinuousClock.now
            let parsed = CSVHoldingsReader.read(bytes: csv)
            parseSeconds += (ContinuousClock.now - parseStart).seconds
            precondition(parsed.holdings.count == perLibrary, "the generated CSV reads back whole")
            let importStart = ContinuousClock.now
            let file = try HoldingsImport.read(csv, fileName: "library.csv")
            let storeStart = ContinuousClock.now
            _ = try await HoldingsImport.store(
                file, libraryID: libraryID, replace: true, reads: app.reads, writes: app.writes, now: app.clock.now(),
                logger: app.logger)
            storeSeconds += (ContinuousClock.now - storeStart).seconds
            importSeconds += (ContinuousClock.now - importStart).seconds
            stored += file.holdings.count
            if (index + 1) % 50 == 0 {
                context.console.print(
                    "  \(index + 1) libraries, \(stored) holdings: import \(Int(Double(stored) / importSeconds))/s")
            }
        }
        context.console.print("csv: \(bytes / 1_048_576) MiB")
        context.console.print("raw CSV parse: \(Int(Double(stored) / parseSeconds)) holdings/s")
        context.console.print(
            "import (parse + store): \(Int(Double(stored) / importSeconds)) holdings/s, of which storing \(Int(Double(stored) / storeSeconds)) holdings/s"
        )
        if let size = try await Self.databaseBytes(app) {
            context.console.print(
                "database: \(size / 1_048_576) MiB, \(size / 1_048_576 * 1_000_000 / max(stored, 1)) MiB per million holdings"
            )
        }

        let finder = LenderFinder(app, database: app.db)
        let directory = app.libraryDirectory
        let requestCount = signature.requests ?? 2_000
        var latencies: [Double] = []
        var lengths = 0
        let today = Day(app.clock.now())
        for index in 0..<(requestCount + 100) {
            let title = catalogue.title(Int.random(in: 0..<catalogue.count, using: &random))
            let borrowerID = ids[Int.random(in: 0..<ids.count, using: &random)]
            guard let borrower = try await directory.library(id: borrowerID, on: app.db) else { continue }
            let item = LenderFinder.Item(
                keys: ItemKeys(isbn: title.isbn, issn: nil, oclcNumber: nil, title: title.title, author: title.author),
                borrower: borrower, serviceType: .loan, alreadyAsked: [])
            let start = ContinuousClock.now
            let ranked = try await finder.candidates(for: item, on: today)
            let elapsed = (ContinuousClock.now - start).seconds
            // The first hundred warm the caches (directory, statistics); they are not counted.
            if index >= 100 {
                latencies.append(elapsed)
                lengths += ranked.count
            }
        }
        latencies.sort()
        func percentile(_ p: Double) -> String {
            let value = latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))]
            return String(Int((value * 1_000_000).rounded())) + " µs"
        }
        context.console.print(
            "lender strings: \(latencies.count) requests, mean length \(Double(lengths) / Double(max(1, latencies.count))), p50 \(percentile(0.5)), p99 \(percentile(0.99))"
        )
    }

    /// Creates `count` member libraries over six regions and their courier routes; returns their ids.
    static func seedLibraries(_ count: Int, on app: Application) async throws -> [Int] {
        try await app.db.transaction { database in
            try await ConsortiumModel(
                name: "Benchmark Consortium", symbol: "BENCH", agencyIdType: "ISIL", agencyIdValue: "US-BENCH"
            )
            .create(on: database)
            var regions: [Int] = []
            for index in 1...6 {
                let region = RegionModel(code: "R\(index)", name: "Region \(index)")
                try await region.create(on: database)
                regions.append(try region.requireID())
            }
            var ids: [Int] = []
            for index in 0..<count {
                let library = LibraryModel(
                    symbol: "B\(index)", name: "Benchmark Library \(index)", town: "Town \(index)",
                    regionID: regions[index % 6], contactEmail: "ill@b\(index).example.org", isMember: true,
                    loanDays: 28, renewalsAllowed: true, maxRenewals: 1, courierRoute: "ROUTE \(index % 60)",
                    deliveryDays: "Mon,Thu")
                try await library.create(on: database)
                ids.append(try library.requireID())
            }
            return ids
        }
    }

    static func databaseBytes(_ app: Application) async throws -> Int? {
        guard let path = ProcessInfo.processInfo.environment["INTERLOAN_DATABASE"], !path.isEmpty else { return nil }
        _ = try await app.db.asSQL.raw("PRAGMA wal_checkpoint(TRUNCATE)").all()
        return ["", "-wal"].compactMap { try? FileManager.default.attributesOfItem(atPath: path + $0)[.size] as? Int }
            .reduce(0, +)
    }
}

/// The benchmark's invented titles, each with an ISBN-13 and an author, made from its number alone.
struct BenchmarkCatalogue {
    let count: Int

    init(titles: Int) {
        self.count = titles
    }

    func title(_ number: Int) -> (title: String, author: String, isbn: String) {
        let words = DemoCatalog.titleWords
        let title = "\(words[number % words.count]) \(words[(number / words.count) % words.count]) volume \(number)"
        let author = "\(DemoCatalog.familyNames[number % DemoCatalog.familyNames.count]), Author \(number % 997)"
        var digits = [9, 7, 9, 8] + String(number + 10_000_000).suffix(8).map { Int(String($0))! }
        let sum = digits.enumerated().reduce(0) { $0 + $1.element * ($1.offset % 2 == 0 ? 1 : 3) }
        digits.append((10 - sum % 10) % 10)
        return (title, author, digits.map(String.init).joined())
    }

    /// A library's holdings file: `holdings` random titles with OCLC numbers, one in twenty not lendable.
    func csv(holdings: Int, random: inout SeededGenerator) -> [UInt8] {
        var text = "title,author,isbn,issn,oclc,call_number,lendable\n"
        text.reserveCapacity(holdings * 90)
        for row in 0..<holdings {
            let number = Int.random(in: 0..<self.count, using: &random)
            let (title, author, isbn) = self.title(number)
            let lendable = row % 20 == 0 ? "no" : "yes"
            text += "\(title),\"\(author)\",\(isbn),,ocm\(number + 1000),QA\(number % 1000).\(row),\(lendable)\n"
        }
        return Array(text.utf8)
    }
}

extension Duration {
    var seconds: Double {
        let (seconds, attoseconds) = self.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
