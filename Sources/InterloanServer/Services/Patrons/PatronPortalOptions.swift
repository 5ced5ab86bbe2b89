import Foundation

/// How one library runs the patron portal: how its patrons sign in, whether staff check their requests before
/// they go out, and whether their renewal asks go to the lender at once.
struct PatronPortalOptions: Sendable, Equatable {
    /// How patrons prove who they are.
    enum SignIn: String, Sendable, CaseIterable {
        /// Barcode or email, and a password Interloan keeps (Bcrypt).
        case local
        /// Barcode and PIN, checked by the library's ILS over NCIP (`LookupUser` with `AuthenticationInput`).
        case ncip
        /// A reverse proxy the consortium trusts (Shibboleth, CAS) names the patron in a header.
        case header

        var label: String {
            switch self {
            case .local: return "Barcode or email and a password kept by Interloan"
            case .ncip: return "Barcode and PIN, checked by our ILS over NCIP"
            case .header: return "Single sign-on through a trusted proxy (Shibboleth, CAS)"
            }
        }
    }

    var signIn: SignIn
    /// Patrons' requests are routed at once, without staff checking them in "New from patrons".
    var unmediated: Bool
    /// A patron's renewal ask goes to the lender at once instead of to "Patron renewal requests".
    var forwardRenewals: Bool

    init(signIn: SignIn = .local, unmediated: Bool = false, forwardRenewals: Bool = false) {
        self.signIn = signIn
        self.unmediated = unmediated
        self.forwardRenewals = forwardRenewals
    }

    init(_ library: LibraryModel) {
        self.init(
            signIn: library.patronSignIn.flatMap(SignIn.init(rawValue:)) ?? .local,
            unmediated: library.patronRequests == "unmediated", forwardRenewals: library.patronRenewals == "forward")
    }
}
