import Foundation
import ISO18626
import InterloanCore
import InterloanXML
import NCIP

/// The readers of client bytes (and of the answers of other systems), each fed one input at a time: by libFuzzer (built with `-sanitize=fuzzer`, see
/// Tests/fuzz/run), or, built plainly, over the files named on the command line (to replay a crash or a corpus).
/// `INTERLOAN_FUZZ_TARGET` names the reader.
enum FuzzTarget: String, CaseIterable {
    case xml
    case iso18626
    case ncip
    case json
    case csv
    case marc
    case markdown
    case openurl
    case range

    static let current: FuzzTarget = {
        let name = ProcessInfo.processInfo.environment["INTERLOAN_FUZZ_TARGET"] ?? ""
        guard let target = FuzzTarget(rawValue: name) else {
            let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
            FileHandle.standardError.write(Data("set INTERLOAN_FUZZ_TARGET to one of \(names)\n".utf8))
            exit(2)
        }
        return target
    }()

    static let codec = MessageCodec()

    /// Reads `bytes`; whatever the reader answers is fine, as long as it answers.
    func read(_ bytes: [UInt8]) {
        switch self {
        case .xml: _ = try? XMLReader().parse(bytes)
        case .iso18626: _ = try? Self.codec.decode(bytes)
        case .ncip:
            for service in NCIPService.allCases { _ = try? NCIPDecoder.decode(bytes, answering: service) }
        case .json: _ = try? JSONReader.value(of: bytes)
        case .csv: _ = CSVHoldingsReader.read(bytes: bytes)
        case .marc: _ = ISO2709Reader.read(bytes)
        case .markdown: _ = SafeMarkdown.render(String(decoding: bytes, as: UTF8.self))
        case .openurl: _ = OpenURLNormalizer.normalize(String(decoding: bytes, as: UTF8.self))
        case .range: Self.readRange(String(decoding: bytes, as: UTF8.self))
        }
    }

    /// A `Range` header against files of several sizes; a range served must lie inside the file, or the download
    /// would read past its last chunk.
    static func readRange(_ header: String) {
        for size in [0, 1, 1_000, 1 << 20, 100 << 20] {
            if case .partial(let range) = ByteRange.read(header, size: size) {
                precondition(0 <= range.first && range.first <= range.last && range.last < size, "\(range) of \(size)")
            }
        }
    }
}

#if FUZZING
    @_cdecl("LLVMFuzzerTestOneInput")
    public func readOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
        FuzzTarget.current.read(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
        return 0
    }

    /// libFuzzer's driver, which its own `main` would call.
    @_silgen_name("LLVMFuzzerRunDriver")
    func runFuzzerDriver(
        _ argc: UnsafeMutablePointer<CInt>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
        _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
    ) -> CInt

    /// SwiftPM links an executable's entry point under this name (so that tests can link the module); libFuzzer's
    /// `main` is therefore not used, and this hands the command line to libFuzzer's driver instead.
    @_cdecl("interloan_fuzz_main")
    public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
        var count = argc
        var arguments = argv
        return runFuzzerDriver(&count, &arguments, readOneInput)
    }
#else
    /// Without libFuzzer: reads each file named on the command line once (a corpus, or a crash to replay).
    @main
    struct FuzzReplay {
        static func main() {
            for path in CommandLine.arguments.dropFirst() {
                guard let data = FileManager.default.contents(atPath: path) else {
                    FileHandle.standardError.write(Data("cannot read \(path)\n".utf8))
                    exit(1)
                }
                FuzzTarget.current.read(Array(data))
                print("read \(path)")
            }
        }
    }
#endif
