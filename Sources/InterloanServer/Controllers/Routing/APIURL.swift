/// Every path of the JSON API (under `/api/v1`), the health check and the ISO 18626 endpoint, defined once:
/// controllers register their routes with it and the OpenAPI document names its operations by it.
enum APIURL: RoutePath {
    case health, ready, metrics, iso18626, openAPI
    case consortium, libraries, holdings, lastResort, openURL, patrons
    case library(Parameter<String>)
    case libraryAvailability(Parameter<String>)
    case libraryHoldings(Parameter<String>)
    case libraryILS(Parameter<String>)
    case libraryCopyright(Parameter<String>)

    case requests
    case request(Parameter<String>)
    case requestHistory(Parameter<String>)
    case requestMessages(Parameter<String>)
    case requestCandidates(Parameter<String>)
    case requestMail(Parameter<String>)
    case requestClaims(Parameter<String>)
    case requestAction(Parameter<String>, action: Parameter<String>)
    case requestILS(Parameter<String>)
    case requestDocuments(Parameter<String>)
    case requestILSRetry(Parameter<String>, call: Parameter<Int>)
    case requestILSSkip(Parameter<String>, call: Parameter<Int>)

    case courier, courierDelays
    case courierRoute(Parameter<String>)
    case courierHoliday(Parameter<String>)
    case courierDelay(Parameter<Int>)

    case lists
    case listSubscriptions(Parameter<String>)
    case listAnnouncements(Parameter<String>)
    case listSubscription(Parameter<String>, subscriber: Parameter<Int>)

    case pages, contacts

    case report(Parameter<String>)
    case page(Parameter<Int>)

    var segments: [PathSegment] {
        switch self {
        case .health: return [.word("health")]
        case .ready: return [.word("ready")]
        case .metrics: return [.word("metrics")]
        case .iso18626: return [.word("iso18626")]
        default: return [.word("api"), .word("v1")] + self.versioned
        }
    }

    /// The segments after `/api/v1`.
    private var versioned: [PathSegment] {
        switch self {
        case .health, .ready, .metrics, .iso18626: []
        case .openAPI: [.word("openapi.json")]

        case .consortium: [.word("consortium")]
        case .libraries: [.word("libraries")]
        case .library(let symbol): [.word("libraries"), .parameter("symbol", symbol)]
        case .libraryAvailability(let symbol):
            [.word("libraries"), .parameter("symbol", symbol), .word("availability")]
        case .libraryHoldings(let symbol): [.word("libraries"), .parameter("symbol", symbol), .word("holdings")]
        case .libraryILS(let symbol): [.word("libraries"), .parameter("symbol", symbol), .word("ils")]
        case .libraryCopyright(let symbol): [.word("libraries"), .parameter("symbol", symbol), .word("copyright")]
        case .holdings: [.word("holdings")]
        case .lastResort: [.word("routing"), .word("last-resort")]
        case .openURL: [.word("openurl")]
        case .patrons: [.word("patrons")]

        case .requests: [.word("requests")]
        case .request(let id): [.word("requests"), .parameter("id", id)]
        case .requestHistory(let id): [.word("requests"), .parameter("id", id), .word("history")]
        case .requestMessages(let id): [.word("requests"), .parameter("id", id), .word("messages")]
        case .requestCandidates(let id): [.word("requests"), .parameter("id", id), .word("candidates")]
        case .requestMail(let id): [.word("requests"), .parameter("id", id), .word("mail")]
        case .requestClaims(let id): [.word("requests"), .parameter("id", id), .word("claims")]
        case .requestILS(let id): [.word("requests"), .parameter("id", id), .word("ils")]
        case .requestDocuments(let id): [.word("requests"), .parameter("id", id), .word("documents")]
        case .requestILSRetry(let id, let call):
            [.word("requests"), .parameter("id", id), .word("ils"), .parameter("call", call), .word("retry")]
        case .requestILSSkip(let id, let call):
            [.word("requests"), .parameter("id", id), .word("ils"), .parameter("call", call), .word("skip")]
        case .requestAction(let id, let action):
            [.word("requests"), .parameter("id", id), .word("actions"), .parameter("action", action)]

        case .courier: [.word("courier")]
        case .courierRoute(let code): [.word("courier"), .word("routes"), .parameter("code", code)]
        case .courierHoliday(let date): [.word("courier"), .word("holidays"), .parameter("date", date)]
        case .courierDelays: [.word("courier"), .word("delays")]
        case .courierDelay(let id): [.word("courier"), .word("delays"), .parameter("id", id)]

        case .lists: [.word("lists")]
        case .listSubscriptions(let slug): [.word("lists"), .parameter("slug", slug), .word("subscriptions")]
        case .listSubscription(let slug, let subscriber):
            [.word("lists"), .parameter("slug", slug), .word("subscriptions"), .parameter("id", subscriber)]
        case .listAnnouncements(let slug): [.word("lists"), .parameter("slug", slug), .word("announcements")]

        case .pages: [.word("pages")]
        case .page(let id): [.word("pages"), .parameter("id", id)]
        case .contacts: [.word("contacts")]

        case .report(let name): [.word("reports"), .parameter("name", name)]
        }
    }

    /// Every path with its parameters as keys, for the tests that hold it to the routes and the document.
    static let all: [APIURL] = [
        .health, .ready, .metrics, .iso18626, .openAPI, .consortium, .libraries, .library(.key),
        .libraryAvailability(.key),
        .libraryHoldings(.key), .libraryILS(.key), .libraryCopyright(.key), .holdings, .lastResort, .openURL, .patrons,
        .requests,
        .request(.key),
        .requestHistory(.key),
        .requestMessages(.key), .requestCandidates(.key), .requestMail(.key), .requestClaims(.key),
        .requestAction(.key, action: .key), .requestILS(.key), .requestDocuments(.key),
        .requestILSRetry(.key, call: .key), .requestILSSkip(.key, call: .key),
        .courier, .courierRoute(.key), .courierHoliday(.key), .courierDelays,
        .courierDelay(.key), .lists, .listSubscriptions(.key), .listSubscription(.key, subscriber: .key),
        .listAnnouncements(.key), .pages, .page(.key), .contacts, .report(.key),
    ]
}
