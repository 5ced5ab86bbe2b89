/// The command line of `interloan-load`.
struct Options: Sendable {
    /// Where the clients connect: `--url` given more than once spreads them in turn over several servers.
    var urls: [String] = []
    var scenario = "health"
    var clients = 1
    var seconds = 10
    /// Requests a second from all clients together; 0 for a closed loop.
    var rate = 0.0
    var borrowerToken = ""
    var lenderToken = ""
    var lender = ""
    var path = "/"
    var cookie = ""
    /// Also print the latency distribution, per kind of request, to standard error.
    var details = false
    /// Lifecycles carry a patron id when placed and an item barcode when shipped, the fields that make a
    /// connected library's ILS calls.
    var ils = false

    static let usage = """
        usage: interloan-load [--url URL]... [--scenario health|create|lifecycle|page] [--clients N] [--seconds S]
                              [--rate R] [--borrower-token T] [--lender-token T] [--lender SYMBOL] [--path P]
                              [--cookie C] [--ils] [--details]
               interloan-load --ncip-responder PORT
        """

    init(_ arguments: ArraySlice<String>) throws {
        var iterator = arguments.makeIterator()
        while let name = iterator.next() {
            if name == "--details" || name == "--ils" {
                if name == "--details" { self.details = true } else { self.ils = true }
                continue
            }
            guard let value = iterator.next() else { throw LoadError("\(name) needs a value") }
            switch name {
            case "--url": self.urls.append(value)
            case "--scenario": self.scenario = value
            case "--clients": self.clients = Int(value) ?? 1
            case "--seconds": self.seconds = Int(value) ?? 10
            case "--rate": self.rate = Double(value) ?? -1
            case "--borrower-token": self.borrowerToken = value
            case "--lender-token": self.lenderToken = value
            case "--lender": self.lender = value
            case "--path": self.path = value
            case "--cookie": self.cookie = value
            default: throw LoadError("unknown option \(name)")
            }
        }
        if self.urls.isEmpty { self.urls = ["http://127.0.0.1:8080"] }
        guard self.rate >= 0, self.rate.isFinite else {
            throw LoadError("--rate must be a number of requests a second")
        }
        guard ["health", "create", "lifecycle", "page"].contains(self.scenario) else {
            throw LoadError("--scenario must be health, create, lifecycle or page")
        }
    }
}

struct LoadError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
