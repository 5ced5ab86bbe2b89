/// For every position of a text, where each inline closing delimiter next occurs, and which parenthesis closes each
/// opening one: built in one pass each, so finding an opener's closer costs one lookup however far away it is, or
/// however absent.
struct Closers {
    enum Delimiter: Int, CaseIterable {
        case backtick
        case star
        case underscore
        case closingBracket
        case doubleStar

        var length: Int { self == .doubleStar ? 2 : 1 }
    }

    /// `next[delimiter.rawValue][i]`: the first index at or after `i` where the delimiter starts; `count` if none.
    private let next: [[Int]]
    private let count: Int
    /// The index of the parenthesis that closes the one opened at each index; absent when it is never closed.
    private let closingParenthesis: [Int: Int]

    init(_ characters: [Character]) {
        self.count = characters.count
        var next = [[Int]](
            repeating: [Int](repeating: characters.count, count: characters.count + 1),
            count: Delimiter.allCases.count)
        for index in stride(from: characters.count - 1, through: 0, by: -1) {
            for delimiter in Delimiter.allCases {
                next[delimiter.rawValue][index] = next[delimiter.rawValue][index + 1]
            }
            switch characters[index] {
            case "`": next[Delimiter.backtick.rawValue][index] = index
            case "_": next[Delimiter.underscore.rawValue][index] = index
            case "]": next[Delimiter.closingBracket.rawValue][index] = index
            case "*":
                next[Delimiter.star.rawValue][index] = index
                if index + 1 < characters.count, characters[index + 1] == "*" {
                    next[Delimiter.doubleStar.rawValue][index] = index
                }
            default: break
            }
        }
        self.next = next
        var closing: [Int: Int] = [:]
        var open: [Int] = []
        for (index, character) in characters.enumerated() {
            if character == "(" { open.append(index) }
            if character == ")", let opened = open.popLast() { closing[opened] = index }
        }
        self.closingParenthesis = closing
    }

    /// The index of the `)` that closes the `(` at `open`, counting nested pairs.
    func parenthesis(closing open: Int) -> Int? {
        self.closingParenthesis[open]
    }

    /// Where `delimiter` next starts at or after `start`, if anywhere.
    func next(_ delimiter: Delimiter, from start: Int) -> Int? {
        guard start <= self.count else { return nil }
        let found = self.next[delimiter.rawValue][start]
        return found < self.count ? found : nil
    }
}
