/// The fictional demo consortium: every name, town and address here is invented.
enum DemoDirectory {
    static let consortium = (
        name: "Harbor and Hills Library Exchange", symbol: "HHLX", agencyIdType: "ISIL",
        agencyIdValue: "US-HHLX"
    )

    static let regions: [(code: String, name: String)] = [
        ("WEST", "Western"), ("CENT", "Central"), ("SE", "Southeastern"),
        ("HARB", "Harbor"), ("MW", "Metrowest"), ("NE", "Northeastern"),
    ]

    /// Five member libraries per region: symbol, name, town.
    static let members: [String: [(symbol: String, name: String, town: String)]] = [
        "WEST": [
            ("ALDF", "Alder Falls Public Library", "Alder Falls"),
            ("BRKV", "Brookvale Free Library", "Brookvale"),
            ("CRWN", "Crowninshield Memorial Library", "Crowninshield"),
            ("HWKR", "Hawk Ridge Community College Library", "Hawk Ridge"),
            ("MPLH", "Maple Hollow Public Library", "Maple Hollow"),
        ],
        "CENT": [
            ("QRRY", "Quarry Hill Public Library", "Quarry Hill"),
            ("STNB", "Stonebridge Town Library", "Stonebridge"),
            ("WLLW", "Willowmere Public Library", "Willowmere"),
            ("GRNF", "Greenfield Academy Library", "Fernhollow"),
            ("LKSD", "Lakeside Regional High School Library", "Lakeside"),
        ],
        "SE": [
            ("CRNB", "Cranberry Bog Public Library", "Cranberry"),
            ("DUNE", "Dunewood Free Public Library", "Dunewood"),
            ("SALT", "Saltmarsh Library", "Saltmarsh"),
            ("TDWR", "Tidewater State University Library", "Tidewater"),
            ("WHLR", "Whaler's Rest Public Library", "Whaler's Rest"),
        ],
        "HARB": [
            ("BCNH", "Beacon Heights Branch Library", "Beacon Heights"),
            ("DCKS", "Dockside Public Library", "Dockside"),
            ("HRBC", "Harbor City Central Library", "Harbor City"),
            ("LTHS", "Lighthouse Point College Library", "Lighthouse Point"),
            ("PIER", "Pierpoint Medical Library", "Harbor City"),
        ],
        "MW": [
            ("ASHB", "Ashbury Public Library", "Ashbury"),
            ("CLVR", "Cloverdale Free Library", "Cloverdale"),
            ("MDWB", "Meadowbrook Public Library", "Meadowbrook"),
            ("OAKV", "Oakvale Public Library", "Oakvale"),
            ("PNCR", "Pinecrest University Library", "Pinecrest"),
        ],
        "NE": [
            ("BRCH", "Birchwood Public Library", "Birchwood"),
            ("FOXR", "Fox Run Memorial Library", "Fox Run"),
            ("GULL", "Gull Island Free Library", "Gull Island"),
            ("MLLR", "Millrace Public Library", "Millrace"),
            ("RVRB", "Riverbend Public Library", "Riverbend"),
        ],
    ]

    /// Out-of-state partners: they borrow through the team and lend by ISO 18626.
    static let partners: [(symbol: String, name: String, town: String)] = [
        ("NH-GRF", "Granite Falls City Library (NH)", "Granite Falls, NH"),
        ("CT-MYC", "Mystic Cove Public Library (CT)", "Mystic Cove, CT"),
    ]

    /// Delivery weekdays, from one to five a week, cycled over the members of a region.
    static let deliverySchedules = ["Mon,Tue,Wed,Thu,Fri", "Mon,Wed,Fri", "Tue,Thu", "Wed", "Mon,Tue,Thu,Fri"]

    static let staffPassword = "interloan-demo"

    static func staffEmail(_ symbol: String) -> String { "staff@\(symbol.lowercased()).example.org" }

    static let teamEmail = "team@hhlx.example.org"

    /// Each member's demo patron signs in to the portal with this card number (or email) and the staff password.
    static func patronBarcode(_ symbol: String) -> String { "21000-\(symbol)" }
    static func patronEmail(_ symbol: String) -> String { "patron@\(symbol.lowercased()).example.org" }
}

/// Invented titles, authors and patrons for demo requests.
enum DemoCatalog {
    static let titleWords = [
        "Harbor", "Lantern", "Orchard", "Granite", "Meridian", "Salt", "Winter", "Quiet", "Copper", "Tide",
        "Ledger", "Willow", "Compass", "Ember", "Cartographer", "Thistle", "Beacon", "Hollow", "Cinder", "Marsh",
    ]
    static let titleForms = [
        "The %@ Keeper", "A History of %@ Roads", "%@ and Stone", "The Last %@", "Letters from the %@",
        "%@: A Field Guide", "Notes on %@ Weather", "The %@ Atlas",
    ]
    static let givenNames = [
        "Avery", "Jordan", "Rowan", "Casey", "Morgan", "Quinn", "Reese", "Emerson", "Sage", "Tatum",
    ]
    static let familyNames = [
        "Ashdown", "Brightwater", "Coldbrook", "Dunmore", "Everhart", "Fairweather", "Greystone", "Holloway",
        "Ironside", "Larkspur",
    ]
    static let journals = [
        "Journal of Coastal Studies", "Quarterly Review of Orchards", "Lantern Studies", "Tidal Letters",
    ]
}
