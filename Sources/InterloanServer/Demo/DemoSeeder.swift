import Fluent
import Foundation
import InterloanCore
import Vapor

/// Seeds the demo consortium once: directory, staff users, a patron account at each member, and requests walked through every state by the real
/// lifecycle engine, so the demo history is exactly what staff would have produced.
struct DemoSeeder {
    let app: Application
    let now: Date

    /// Returns false when the demo consortium is already there.
    func seedDirectory() async throws -> Bool {
        if try await ConsortiumModel.query(on: self.app.db).first() != nil { return false }
        let passwordHash = try Bcrypt.hash(DemoDirectory.staffPassword)
        try await self.app.db.transaction { database in
            let info = DemoDirectory.consortium
            try await ConsortiumModel(
                name: info.name, symbol: info.symbol, agencyIdType: info.agencyIdType, agencyIdValue: info.agencyIdValue
            ).create(on: database)
            for (regionIndex, region) in DemoDirectory.regions.enumerated() {
                let model = RegionModel(code: region.code, name: region.name)
                try await model.create(on: database)
                for (index, member) in (DemoDirectory.members[region.code] ?? []).enumerated() {
                    let library = LibraryModel(
                        symbol: member.symbol, name: member.name, town: member.town, regionID: try model.requireID(),
                        contactEmail: "ill@\(member.symbol.lowercased()).example.org", isMember: true,
                        loanDays: [21, 28, 28, 35, 42][index], renewalsAllowed: true, maxRenewals: index % 3 + 1,
                        courierRoute: "\(region.name.uppercased()) \(index / 3 + 1)",
                        deliveryDays: DemoDirectory.deliverySchedules[(index + regionIndex) % 5])
                    try await library.create(on: database)
                    try await UserModel(
                        email: DemoDirectory.staffEmail(member.symbol), name: "\(member.name) ILL staff",
                        passwordHash: passwordHash, role: .staff, libraryID: try library.requireID()
                    ).create(on: database)
                    try await database.asSQL.insert(into: PatronRecord.table)
                        .row(
                            PatronRecord(
                                libraryID: try library.requireID(), barcode: DemoDirectory.patronBarcode(member.symbol),
                                name: "Robin Demo", email: DemoDirectory.patronEmail(member.symbol),
                                passwordHash: passwordHash, source: .local, notices: "all", createdAt: self.now,
                                updatedAt: self.now)
                        ).run()
                }
            }
            for partner in DemoDirectory.partners {
                try await LibraryModel(
                    symbol: partner.symbol, name: partner.name, town: partner.town, regionID: nil,
                    contactEmail: "ill@\(partner.symbol.lowercased()).example.org", isMember: false, loanDays: 28,
                    renewalsAllowed: true, maxRenewals: 1, courierRoute: nil, deliveryDays: nil
                ).create(on: database)
            }
            try await UserModel(
                email: DemoDirectory.teamEmail, name: "Resource sharing team", passwordHash: passwordHash, role: .admin,
                libraryID: nil
            ).create(on: database)
        }
        await self.app.libraryDirectory.invalidate()
        return true
    }

    /// Places `count` requests and walks each to one of the lifecycle's states, cycling through all of them.
    func seedRequests(count: Int) async throws {
        var random = SeededGenerator(seed: 18626)
        let members = DemoDirectory.regions.flatMap { DemoDirectory.members[$0.code] ?? [] }.map(\.symbol)
        let store = RequestStore(database: self.app.db, directory: self.app.libraryDirectory)
        let paths = DemoPaths.all
        for index in 0..<count {
            let path = paths[index % paths.count]
            let borrower = members[Int.random(in: 0..<members.count, using: &random)]
            let lenders = Array(members.filter { $0 != borrower }.shuffled(using: &random).prefix(path.lenderCount))
            // Requests are spread over the last ten weeks, each step a day after the previous one.
            var clock = self.now.addingTimeInterval(-Double(Int.random(in: 20...70, using: &random)) * 86_400)
            if path.endsWithALenderAsked {
                // Asked yesterday, so the demo's open requests are still within their lenders' response time.
                clock = self.now.addingTimeInterval(-Double(path.steps.count + 1) * 86_400)
            }
            let placed = try Lifecycle.place(
                serviceType: path.serviceType, borrower: borrower, lenders: lenders, awaitsReview: path.fromPatron,
                awaitsCopyrightReview: path.pastCopyrightLimit, at: clock)
            let row = DemoCatalog.request(
                index: index, serviceType: path.serviceType, borrower: borrower,
                borrowerID: try await store.ids(of: [borrower])[0], random: &random)
            var stored = try await store.create(
                row, outcome: placed, by: self.staff(borrower), at: clock, using: self.app.writes)
            for step in path.steps {
                clock = clock.addingTimeInterval(86_400)
                let actor =
                    step.byBorrower
                    ? self.staff(borrower)
                    : step.byTeam ? self.team : self.staff(stored.state.currentLender ?? borrower)
                let arguments = step.arguments(Day(clock))
                let outcome = try Lifecycle.perform(
                    step.action, arguments: arguments, on: stored.state, by: actor, at: clock)
                stored = try await store.save(outcome, over: stored, by: actor, at: clock, using: self.app.writes)
            }
        }
    }

    func staff(_ symbol: String) -> ActingParty {
        ActingParty(userID: nil, name: "\(symbol) ILL staff", librarySymbol: symbol, isTeam: false)
    }

    var team: ActingParty {
        ActingParty(
            userID: nil, name: "Resource sharing team", librarySymbol: DemoDirectory.consortium.symbol, isTeam: true)
    }
}

extension DemoCatalog {
    static func request(
        index: Int, serviceType: ServiceType, borrower: String, borrowerID: Int, random: inout SeededGenerator
    ) -> RequestRecord {
        let word = self.titleWords[Int.random(in: 0..<self.titleWords.count, using: &random)]
        let form = self.titleForms[Int.random(in: 0..<self.titleForms.count, using: &random)]
        let given = self.givenNames[Int.random(in: 0..<self.givenNames.count, using: &random)]
        let family = self.familyNames[Int.random(in: 0..<self.familyNames.count, using: &random)]
        var row = RequestRecord(
            borrowerID: borrowerID, serviceType: serviceType.rawValue,
            title: form.replacingOccurrences(of: "%@", with: word))
        row.author =
            "\(self.familyNames[(index * 7) % self.familyNames.count]), \(self.givenNames[(index * 3) % self.givenNames.count])"
        row.isbn = self.isbn13(random: &random)
        if serviceType == .copy {
            row.articleTitle = "On the \(word.lowercased()) question"
            row.journalTitle = self.journals[index % self.journals.count]
            row.volume = "\(index % 40 + 1)"
            row.issue = "\(index % 4 + 1)"
            row.pages = "\(index % 90 + 1)-\(index % 90 + 12)"
        }
        row.patronID = "P\(100_000 + index)"
        row.patronName = "\(given) \(family)"
        row.patronEmail = "\(given.lowercased()).\(family.lowercased())@patrons.example.org"
        row.searchText = SearchText.make(row)
        return row
    }

    /// A syntactically valid ISBN-13 in the 979-8 range, check digit included.
    static func isbn13(random: inout SeededGenerator) -> String {
        var digits = [9, 7, 9, 8] + (0..<8).map { _ in Int.random(in: 0...9, using: &random) }
        let sum = digits.enumerated().reduce(0) { $0 + $1.element * ($1.offset % 2 == 0 ? 1 : 3) }
        digits.append((10 - sum % 10) % 10)
        return digits.map(String.init).joined()
    }
}
