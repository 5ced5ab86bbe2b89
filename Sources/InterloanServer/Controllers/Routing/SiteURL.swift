import Foundation

/// Every path of the web interface, defined once: controllers register their routes with it, redirects and view
/// models link with it, and templates reach it by case name through the `#path` tag.
enum SiteURL: RoutePath {
    case home, login, logout, accountPassword

    case queue(desk: Parameter<String>, queue: Parameter<String>)
    case quickUpdate, requests, newRequest, openURL
    case request(Parameter<String>)
    case requestClaims(Parameter<String>)
    case requestEdit(Parameter<String>)
    case requestDocuments(Parameter<String>)
    case requestDocumentPreview(Parameter<String>, document: Parameter<Int>)
    case document(Parameter<String>)
    case documentFile(Parameter<String>)
    case requestAction(Parameter<String>, action: Parameter<String>)
    case requestILSCall(Parameter<String>, call: Parameter<Int>, action: Parameter<String>)
    case pickSlip(Parameter<String>)
    case routingSlip(Parameter<String>)

    case libraries, lending, settings, settingsHoldings, settingsILS, settingsILSTest, settingsPatrons,
        settingsCopyright
    case reports
    case report(Parameter<String>)
    case library(Parameter<String>)
    case libraryAvailability(Parameter<String>)

    case mail
    case mailMessage(Parameter<Int>)

    case courier, courierStops, courierHolidays, courierDelays
    case courierHolidayRemoval(Parameter<String>)
    case courierDelayRemoval(Parameter<Int>)

    case lists
    case list(Parameter<String>)
    case listFeed(Parameter<String>)
    case listSubscribe(Parameter<String>)
    case listConfirm(Parameter<String>)
    case listUnsubscribe(Parameter<String>)
    case listManagement(Parameter<String>)
    case listManagementPost(Parameter<String>)
    case listPost(Parameter<String>, post: Parameter<Int>)
    case listSubscriberRemoval(Parameter<String>, subscriber: Parameter<Int>)

    case contacts, contactsEdit, site, sitePages
    case sitePageDeletion(Parameter<Int>)

    case portal, portalLogin, portalLogout, portalRequests, portalNewRequest, portalNotices, portalData
    case portalAccountDeletion
    case outOfState, outOfStateConfirm
    case outOfStateRequest(Parameter<String>)
    case portalCancel(Parameter<String>)
    case portalRenewal(Parameter<String>)

    var segments: [PathSegment] {
        switch self {
        case .home: []
        case .login: [.word("login")]
        case .logout: [.word("logout")]
        case .accountPassword: [.word("account"), .word("password")]

        case .queue(let desk, let queue): [.word("queues"), .parameter("desk", desk), .parameter("queue", queue)]
        case .quickUpdate: [.word("quick")]
        case .requests: [.word("requests")]
        case .newRequest: [.word("requests"), .word("new")]
        case .openURL: [.word("openurl")]
        case .request(let id): [.word("requests"), .parameter("id", id)]
        case .requestAction(let id, let action):
            [.word("requests"), .parameter("id", id), .word("actions"), .parameter("action", action)]
        case .requestClaims(let id): [.word("requests"), .parameter("id", id), .word("claims")]
        case .requestEdit(let id): [.word("requests"), .parameter("id", id), .word("edit")]
        case .requestDocuments(let id): [.word("requests"), .parameter("id", id), .word("documents")]
        case .requestDocumentPreview(let id, let document):
            [.word("requests"), .parameter("id", id), .word("documents"), .parameter("document", document)]
        case .document(let token): [.word("documents"), .parameter("token", token)]
        case .documentFile(let token): [.word("documents"), .parameter("token", token), .word("file")]
        case .requestILSCall(let id, let call, let action):
            [
                .word("requests"), .parameter("id", id), .word("ils"), .parameter("call", call),
                .parameter("action", action),
            ]
        case .pickSlip(let id): [.word("requests"), .parameter("id", id), .word("pick-slip")]
        case .routingSlip(let id): [.word("requests"), .parameter("id", id), .word("routing-slip")]

        case .libraries: [.word("libraries")]
        case .library(let symbol): [.word("libraries"), .parameter("symbol", symbol)]
        case .libraryAvailability(let symbol):
            [.word("libraries"), .parameter("symbol", symbol), .word("availability")]
        case .lending: [.word("lending")]
        case .settings: [.word("settings")]
        case .settingsHoldings: [.word("settings"), .word("holdings")]
        case .settingsILS: [.word("settings"), .word("ils")]
        case .settingsILSTest: [.word("settings"), .word("ils"), .word("test")]
        case .settingsPatrons: [.word("settings"), .word("patrons")]
        case .settingsCopyright: [.word("settings"), .word("copyright")]
        case .reports: [.word("reports")]
        case .report(let name): [.word("reports"), .parameter("name", name)]

        case .mail: [.word("mail")]
        case .mailMessage(let id): [.word("mail"), .parameter("id", id)]

        case .courier: [.word("courier")]
        case .courierStops: [.word("courier"), .word("stops")]
        case .courierHolidays: [.word("courier"), .word("holidays")]
        case .courierHolidayRemoval(let date):
            [.word("courier"), .word("holidays"), .parameter("date", date), .word("remove")]
        case .courierDelays: [.word("courier"), .word("delays")]
        case .courierDelayRemoval(let id): [.word("courier"), .word("delays"), .parameter("id", id), .word("remove")]

        case .lists: [.word("lists")]
        case .list(let slug): [.word("lists"), .parameter("slug", slug)]
        case .listFeed(let slug): [.word("lists"), .parameter("slug", slug), .word("feed.atom")]
        case .listPost(let slug, let post): [.word("lists"), .parameter("slug", slug), .parameter("id", post)]
        case .listSubscribe(let slug): [.word("lists"), .parameter("slug", slug), .word("subscribe")]
        case .listConfirm(let slug): [.word("lists"), .parameter("slug", slug), .word("confirm")]
        case .listUnsubscribe(let slug): [.word("lists"), .parameter("slug", slug), .word("unsubscribe")]
        case .listManagement(let slug): [.word("lists"), .parameter("slug", slug), .word("manage")]
        case .listManagementPost(let slug): [.word("lists"), .parameter("slug", slug), .word("manage"), .word("post")]
        case .listSubscriberRemoval(let slug, let subscriber):
            [
                .word("lists"), .parameter("slug", slug), .word("manage"), .word("subscribers"),
                .parameter("id", subscriber), .word("remove"),
            ]

        case .contacts: [.word("contacts")]
        case .contactsEdit: [.word("contacts"), .word("edit")]
        case .site: [.word("site")]
        case .sitePages: [.word("site"), .word("pages")]
        case .sitePageDeletion(let id): [.word("site"), .word("pages"), .parameter("id", id), .word("delete")]

        case .portal: [.word("my")]
        case .portalLogin: [.word("my"), .word("login")]
        case .portalLogout: [.word("my"), .word("logout")]
        case .portalRequests: [.word("my"), .word("requests")]
        case .portalNewRequest: [.word("my"), .word("requests"), .word("new")]
        case .portalCancel(let id): [.word("my"), .word("requests"), .parameter("id", id), .word("cancel")]
        case .portalRenewal(let id): [.word("my"), .word("requests"), .parameter("id", id), .word("renewal")]
        case .portalNotices: [.word("my"), .word("notices")]
        case .portalData: [.word("my"), .word("data")]
        case .portalAccountDeletion: [.word("my"), .word("account"), .word("delete")]

        case .outOfState: [.word("out-of-state")]
        case .outOfStateConfirm: [.word("out-of-state"), .word("confirm")]
        case .outOfStateRequest(let token): [.word("out-of-state"), .word("requests"), .parameter("token", token)]
        }
    }

    /// Every path with its parameters as keys: the table the `#path` tag reads and the tests hold against the
    /// registered routes, so a path missing here fails a test rather than a page.
    static let all: [SiteURL] = [
        .home, .login, .logout, .accountPassword,
        .queue(desk: .key, queue: .key), .quickUpdate, .requests, .newRequest, .openURL, .request(.key),
        .requestAction(.key, action: .key), .requestClaims(.key), .requestEdit(.key), .requestDocuments(.key),
        .requestDocumentPreview(.key, document: .key), .document(.key), .documentFile(.key),
        .requestILSCall(.key, call: .key, action: .key),
        .pickSlip(.key), .routingSlip(.key),
        .libraries, .library(.key), .libraryAvailability(.key), .lending, .settings, .settingsHoldings, .settingsILS,
        .settingsILSTest, .settingsPatrons, .settingsCopyright, .reports, .report(.key),
        .mail, .mailMessage(.key),
        .courier, .courierStops, .courierHolidays, .courierHolidayRemoval(.key), .courierDelays,
        .courierDelayRemoval(.key),
        .lists, .list(.key), .listFeed(.key), .listPost(.key, post: .key), .listSubscribe(.key), .listConfirm(.key),
        .listUnsubscribe(.key), .listManagement(.key), .listManagementPost(.key),
        .listSubscriberRemoval(.key, subscriber: .key),
        .contacts, .contactsEdit, .site, .sitePages, .sitePageDeletion(.key),
        .portal, .portalLogin, .portalLogout, .portalRequests, .portalNewRequest, .portalCancel(.key),
        .portalRenewal(.key), .portalNotices, .portalData, .portalAccountDeletion, .outOfState, .outOfStateConfirm,
        .outOfStateRequest(.key),
    ]

    /// The case's name, as templates write it: `#path("request", id)`.
    var name: String {
        Mirror(reflecting: self).children.first?.label ?? String(describing: self)
    }
}
