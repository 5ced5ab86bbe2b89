import Fluent
import Foundation
import InterloanCore

/// Writes a checked `DirectoryFile` into the directory in one transaction.
struct DirectoryImport {
    let database: any Database

    /// What an import changed.
    struct Report: Equatable {
        var consortium = ""
        var librariesAdded = 0
        var librariesUpdated = 0
        var librariesUntouched = 0
        var regionsAdded = 0

        var summary: String {
            "Directory of \(self.consortium): \(self.librariesAdded) libraries added, \(self.librariesUpdated) "
                + "updated, \(self.librariesUntouched) not in the file left as they were; "
                + "\(self.regionsAdded) regions added."
        }
    }

    func apply(_ file: DirectoryFile, consortium naming: ConsortiumNaming) async throws -> Report {
        try await self.database.transaction { database in
            var report = Report()
            let consortium = try await self.consortium(naming, on: database)
            report.consortium = "\(consortium.name) (\(consortium.symbol))"
            if let clash = file.libraries.first(where: { $0.symbol == consortium.symbol }) {
                throw CommandFailure("\(clash.symbol) is the consortium's own symbol, not a library's; nothing changed")
            }
            var regions = Dictionary(
                try await RegionModel.query(on: database).all().map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
            for library in file.libraries {
                guard let code = library.region else { continue }
                if let known = regions[code] {
                    if let name = library.regionName, name != known.name {
                        known.name = name
                        try await known.save(on: database)
                    }
                } else {
                    let created = RegionModel(code: code, name: library.regionName ?? code)
                    try await created.create(on: database)
                    regions[code] = created
                    report.regionsAdded += 1
                }
            }
            let existing = Dictionary(
                try await LibraryModel.query(on: database).all().map { ($0.symbol, $0) },
                uniquingKeysWith: { a, _ in a })
            for row in file.libraries {
                let model = existing[row.symbol] ?? LibraryModel()
                let isNew = existing[row.symbol] == nil
                model.symbol = row.symbol
                model.name = row.name
                model.town = row.town
                model.$region.id = try row.region.flatMap { regions[$0] }.map { try $0.requireID() }
                model.contactEmail = row.contactEmail
                model.isMember = row.isMember
                model.loanDays = row.loanDays
                model.renewalsAllowed = row.renewalsAllowed
                model.maxRenewals = row.maxRenewals
                model.responseDays = row.responseDays
                model.courierRoute = row.courierRoute
                model.deliveryDays = row.deliveryDays
                if isNew {
                    model.noticeOptOuts = ""
                    try await model.create(on: database)
                    report.librariesAdded += 1
                } else {
                    try await model.save(on: database)
                    report.librariesUpdated += 1
                }
            }
            report.librariesUntouched = existing.count - report.librariesUpdated
            return report
        }
    }

    /// The consortium row: created from the naming on the first import (name and symbol required), updated by
    /// what the naming gives afterwards.
    private func consortium(_ naming: ConsortiumNaming, on database: any Database) async throws -> ConsortiumModel {
        if let known = try await ConsortiumModel.query(on: database).first() {
            if let name = naming.name { known.name = name }
            if let symbol = naming.symbol, symbol != known.symbol {
                throw CommandFailure(
                    "the consortium is \(known.symbol) already; its symbol names the team's accounts and cannot change")
            }
            if let type = naming.agencyType, let value = naming.agencyValue {
                (known.agencyIdType, known.agencyIdValue) = (type, value)
            }
            try await known.save(on: database)
            return known
        }
        guard let name = naming.name, let symbol = naming.symbol else {
            throw CommandFailure(
                "the directory has no consortium yet: give --consortium-name and --consortium-symbol; nothing changed")
        }
        let created = ConsortiumModel(
            name: name, symbol: symbol, agencyIdType: naming.agencyType ?? "ISIL",
            agencyIdValue: naming.agencyValue ?? symbol)
        try await created.create(on: database)
        return created
    }
}
