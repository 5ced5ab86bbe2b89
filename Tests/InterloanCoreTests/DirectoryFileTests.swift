import Testing

@testable import InterloanCore

/// Reading a consortium's directory from CSV: defaults, every bad row named with its line, nothing half read.
@Suite struct DirectoryFileTests {
    static func read(_ text: String) -> DirectoryFile { DirectoryFile.read(bytes: Array(text.utf8)) }

    @Test func readsRowsWithDefaultsAndColumnsInAnyOrder() {
        let file = Self.read(
            """
            name,symbol,town,contact_email,region,region_name,loan_days,delivery_days,member
            "Elm Corner Library, Main",elmc,Elm Corner,ill@elmc.example.org,west,Western,21,"mon, wed",
            Far Away University,FARU,Elsewhere,ill@faru.example.org,,,,,false

            """)
        #expect(file.problems == [])
        #expect(
            file.libraries == [
                DirectoryFile.Library(
                    symbol: "ELMC", name: "Elm Corner Library, Main", town: "Elm Corner",
                    contactEmail: "ill@elmc.example.org", region: "WEST", regionName: "Western", loanDays: 21,
                    deliveryDays: "Mon,Wed"),
                DirectoryFile.Library(
                    symbol: "FARU", name: "Far Away University", town: "Elsewhere",
                    contactEmail: "ill@faru.example.org", isMember: false),
            ])
    }

    @Test func everyBadRowIsNamedWithItsLineAndNoLibraryIsKept() {
        let file = Self.read(
            """
            symbol,name,town,contact_email,region,loan_days,renewals_allowed,delivery_days
            ELMC,Elm Corner,Elm Corner,ill@elmc.example.org,WEST,21,true,Mon
            X,Short,Town,ill@x.example.org,WEST,21,true,Mon
            OAKS,,Oak,not an address,WEST,9999999999999999999,maybe,Funday
            ELMC,Again,Elm Corner,ill@elmc.example.org,WEST,21,true,Mon
            PINE,Pine,Pine,ill@pine.example.org,,21,true,Mon
            TWO,fields
            """)
        #expect(
            file.problems == [
                "line 3: symbol must be 2 to 16 letters, digits or hyphens (got 'X')",
                "line 4: name is empty",
                "line 4: contact_email is not an email address ('not an address')",
                "line 4: loan_days must be a whole number from 1 to 365",
                "line 4: renewals_allowed must be true or false",
                "line 4: delivery_days must be weekdays such as Mon,Wed,Fri (got 'Funday')",
                "line 5: ELMC is already on line 2",
                "line 6: a member library needs a region",
                "line 7: 2 fields where the header has 8",
            ])
    }

    @Test func theHeaderIsChecked() {
        #expect(
            Self.read("").problems == [
                "line 1: the file is empty; it needs a header with symbol,name,town,contact_email"
            ])
        #expect(Self.read("symbol,name\n").problems == ["line 1: the header lacks town, contact_email"])
        #expect(
            Self.read("symbol,name,town,contact_email,colour\n").problems.first?.hasPrefix(
                "line 1: unknown columns colour (known: symbol, name") == true)
        #expect(Self.read("symbol,name,town,contact_email\n").problems == ["the file lists no library"])
        #expect(Self.read("symbol,name,town,contact_email\n\"open,x,y,z\n").problems.count == 1)
    }
}
